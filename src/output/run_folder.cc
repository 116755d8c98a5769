#include "output/run_folder.h"

#include "base/errors.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace plantarfe::output
{
  namespace
  {
    class FlatJsonParser
    {
    public:
      explicit FlatJsonParser(const std::string &text)
          : s(text)
      {}

      std::map<std::string, std::string>
      parse()
      {
        std::map<std::string, std::string> result;
        expect('{');
        skip_space();
        if (peek() == '}')
          return result;
        while (true)
          {
            skip_space();
            const std::string key = string();
            expect(':');
            skip_space();
            const char c = peek();
            if (c == '{' || c == '[')
              skip_nested();
            else if (c == '"')
              result[key] = string();
            else
              result[key] = literal();
            skip_space();
            if (peek() == ',')
              {
                ++i;
                continue;
              }
            expect('}');
            return result;
          }
      }

    private:
      [[noreturn]] void
      fail(const std::string &what) const
      {
        throw std::runtime_error(what + " at character " +
                                 std::to_string(i + 1));
      }

      char
      peek() const
      {
        if (i >= s.size())
          fail("unexpected end");
        return s[i];
      }

      void
      skip_space()
      {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
          ++i;
      }

      void
      expect(const char c)
      {
        skip_space();
        if (peek() != c)
          fail(std::string("expected '") + c + "'");
        ++i;
      }

      std::string
      string()
      {
        expect('"');
        std::string r;
        while (peek() != '"')
          {
            char c = s[i++];
            if (c == '\\')
              {
                c = peek();
                ++i;
                switch (c)
                  {
                    case 'n':
                      r += '\n';
                      break;
                    case 't':
                      r += '\t';
                      break;
                    case 'r':
                      r += '\r';
                      break;
                    case 'b':
                    case 'f':
                      break;
                      case 'u': {
                        if (i + 4 > s.size())
                          fail("bad \\u escape");
                        const unsigned long code =
                          std::stoul(s.substr(i, 4), nullptr, 16);
                        i += 4;
                        // Control characters and ASCII only (what
                        // JsonWriter escapes); others become '?'.
                        r += code < 0x80 ? static_cast<char>(code) : '?';
                        break;
                      }
                    default:
                      r += c;
                  }
              }
            else
              r += c;
          }
        ++i;
        return r;
      }

      std::string
      literal()
      {
        const std::size_t begin = i;
        while (i < s.size() && s[i] != ',' && s[i] != '}' &&
               !std::isspace(static_cast<unsigned char>(s[i])))
          ++i;
        if (i == begin)
          fail("expected a value");
        return s.substr(begin, i - begin);
      }

      void
      skip_nested()
      {
        int depth = 0;
        do
          {
            const char c = peek();
            if (c == '"')
              {
                string();
                continue;
              }
            if (c == '{' || c == '[')
              ++depth;
            else if (c == '}' || c == ']')
              --depth;
            ++i;
        } while (depth > 0);
      }

      const std::string &s;
      std::size_t        i = 0;
    };
  } // namespace


  std::map<std::string, std::string>
  parse_flat_json(const std::string &text)
  {
    return FlatJsonParser(text).parse();
  }


  RunFolder
  open_run_folder(const std::string &command, const std::string &folder)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (folder.empty())
      throw ScenarioError(command + ": no run folder given");
    if (!fs::exists(folder, ec))
      throw ScenarioError(command + ": run folder " + folder +
                          " does not exist");
    if (!fs::is_directory(folder, ec))
      throw ScenarioError(command + ": " + folder +
                          " is not a folder (give the folder of a run, e.g. "
                          "results/cook_membrane)");

    RunFolder run;
    run.folder  = folder;
    run.results = (fs::path(folder) / "results.h5").string();
    run.name =
      fs::weakly_canonical(fs::absolute(folder, ec), ec).filename().string();
    if (run.name.empty())
      run.name = folder;

    const fs::path status_path = fs::path(folder) / "status.json";
    const fs::path temporary   = fs::path(folder) / ".results.h5.tmp";
    const bool     has_results = fs::exists(run.results, ec);
    const bool     has_status  = fs::exists(status_path, ec);
    const bool     has_temp    = fs::exists(temporary, ec);
    if (!has_results && !has_status && !has_temp)
      throw ScenarioError(command + ": " + folder +
                          " is not a run folder (no results.h5, no "
                          "status.json); run `plantarfe run` first");
    if (!has_results)
      throw IoError(
        command + ": incomplete run folder " + folder + ": no results.h5" +
        (has_temp ? " (.results.h5.tmp exists: the run was interrupted or "
                    "is still running)" :
                    ""));
    if (has_status)
      {
        std::ifstream      in(status_path);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in)
          throw IoError(command + ": cannot read " + status_path.string());
        try
          {
            run.status = parse_flat_json(text.str());
          }
        catch (const std::exception &e)
          {
            throw IoError(command + ": " + status_path.string() +
                          " is not valid JSON: " + e.what());
          }
      }
    return run;
  }
} // namespace plantarfe::output
