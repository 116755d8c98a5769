// On-disk cache of generated Gmsh meshes. Meshing the 2D foot outline takes
// about 0.7 s of a 2-3 s run; a sweep or batch meshes the same outline again
// and again. Entries are keyed by a hash of everything Gmsh is given plus the
// program's commit, and written atomically (temporary file + rename), so
// concurrent runs share them safely.
#pragma once

#include <functional>
#include <string>

namespace plantarfe::anatomy
{
  /// Returns the cached text for @p key_material, or calls @p generate and
  /// stores its result. The cache lives in $PLANTARFE_CACHE_DIR/meshes
  /// (default $XDG_CACHE_HOME/plantarfe or ~/.cache/plantarfe); it is
  /// bypassed when PLANTARFE_MESH_CACHE=off or when the program was built
  /// from a modified source tree (its commit ends in "-dirty", so meshing
  /// code under development never reads stale entries). Cache errors are
  /// never fatal: the mesh is then simply generated.
  std::string
  cached_mesh_text(const std::string                  &key_material,
                   const std::function<std::string()> &generate);
} // namespace plantarfe::anatomy
