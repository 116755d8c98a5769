#include "anatomy/mesh_cache.h"

#include "output/atomic_file.h"
#include "plantarfe_git_commit.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace plantarfe::anatomy
{
  namespace
  {
    namespace fs = std::filesystem;

    std::uint64_t
    fnv1a(const std::string &bytes)
    {
      std::uint64_t h = 1469598103934665603ull;
      for (const unsigned char c : bytes)
        {
          h ^= c;
          h *= 1099511628211ull;
        }
      return h;
    }

    fs::path
    cache_folder()
    {
      if (const char *dir = std::getenv("PLANTARFE_CACHE_DIR"))
        return fs::path(dir) / "meshes";
      if (const char *xdg = std::getenv("XDG_CACHE_HOME"))
        return fs::path(xdg) / "plantarfe" / "meshes";
      if (const char *home = std::getenv("HOME"))
        return fs::path(home) / ".cache" / "plantarfe" / "meshes";
      return {};
    }

    bool
    cache_enabled()
    {
      const char *flag = std::getenv("PLANTARFE_MESH_CACHE");
      if (flag != nullptr && std::string(flag) == "off")
        return false;
      const std::string commit = PLANTARFE_GIT_COMMIT;
      return commit.find("dirty") == std::string::npos &&
             commit.find("unknown") == std::string::npos;
    }
  } // namespace

  std::string
  cached_mesh_text(const std::string                  &key_material,
                   const std::function<std::string()> &generate)
  {
    const fs::path folder = cache_folder();
    if (!cache_enabled() || folder.empty())
      return generate();

    std::ostringstream name;
    name << std::hex
         << fnv1a(std::string(PLANTARFE_GIT_COMMIT) + '\n' + key_material)
         << ".msh";
    const fs::path entry = folder / name.str();
    {
      std::ifstream in(entry, std::ios::binary);
      if (in)
        {
          std::ostringstream text;
          text << in.rdbuf();
          // A complete entry ends with Gmsh's closing tag (entries are
          // renamed into place only when written in full).
          if (text.str().find("$EndElements") != std::string::npos)
            return text.str();
        }
    }

    const std::string text = generate();
    // The cache is an optimisation: an entry that cannot be written (no
    // folder, full disk, read-only home) is skipped, and the mesh still used.
    try
      {
        output::make_directory(folder.string());
        output::AtomicFile file(entry.string());
        file.stream() << text;
        file.commit();
      }
    catch (const std::exception &)
      {}
    return text;
  }
} // namespace plantarfe::anatomy
