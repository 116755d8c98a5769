// Gmsh is a process-wide singleton: one session per use (meshing the
// outline, reading or writing a mesh file), opened and closed in pairs even
// when the work throws.
#pragma once

#include <gmsh.h>

namespace plantarfe::anatomy
{
  struct GmshSession
  {
    GmshSession()
    {
      gmsh::initialize(0, nullptr, false);
      gmsh::option::setNumber("General.Terminal", 0);
      gmsh::option::setNumber("General.Verbosity", 1);
    }
    ~GmshSession()
    {
      gmsh::finalize();
    }
    GmshSession(const GmshSession &) = delete;
    GmshSession &
    operator=(const GmshSession &) = delete;
  };
} // namespace plantarfe::anatomy
