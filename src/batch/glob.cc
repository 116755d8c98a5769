#include "batch/glob.h"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <sstream>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  namespace
  {
    bool
    matches(const std::string &component, const std::string &name)
    {
      if (!name.empty() && name[0] == '.' &&
          (component.empty() || component[0] != '.'))
        return false;
      return fnmatch(component.c_str(), name.c_str(), 0) == 0;
    }

    /// Adds the files under @p dir that match @p parts[k...] to @p out.
    void
    walk(const fs::path                 &dir,
         const std::vector<std::string> &parts,
         const std::size_t               k,
         std::vector<std::string>       &out)
    {
      std::error_code ec;
      if (k == parts.size())
        return;
      const std::string &part = parts[k];
      const bool         last = k + 1 == parts.size();
      if (part == "**")
        {
          // Zero folders ...
          walk(dir, parts, k + 1, out);
          // ... or one more, then '**' again.
          for (fs::directory_iterator it(dir.empty() ? "." : dir, ec), end;
               !ec && it != end;
               it.increment(ec))
            if (it->is_directory(ec) &&
                it->path().filename().string()[0] != '.')
              walk(dir / it->path().filename(), parts, k, out);
          return;
        }
      if (!has_wildcard(part))
        {
          const fs::path next = dir / part;
          if (last ? fs::is_regular_file(next, ec) : fs::is_directory(next, ec))
            {
              if (last)
                out.push_back(next.string());
              else
                walk(next, parts, k + 1, out);
            }
          return;
        }
      for (fs::directory_iterator it(dir.empty() ? "." : dir, ec), end;
           !ec && it != end;
           it.increment(ec))
        {
          const std::string name = it->path().filename().string();
          if (!matches(part, name))
            continue;
          if (last && it->is_regular_file(ec))
            out.push_back((dir / name).string());
          else if (!last && it->is_directory(ec))
            walk(dir / name, parts, k + 1, out);
        }
    }
  } // namespace

  bool
  has_wildcard(const std::string &pattern)
  {
    return pattern.find_first_of("*?[") != std::string::npos;
  }

  std::vector<std::string>
  expand_glob(const std::string &pattern)
  {
    std::vector<std::string> parts;
    std::stringstream        ss(pattern);
    for (std::string p; std::getline(ss, p, '/');)
      if (!p.empty() && p != ".")
        parts.push_back(p);
    const fs::path root = !pattern.empty() && pattern[0] == '/' ? "/" : "";
    std::vector<std::string> out;
    walk(root, parts, 0, out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
} // namespace plantarfe::batch
