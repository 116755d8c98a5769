#include "output/csv.h"

#include "base/errors.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace plantarfe::output
{
  std::string
  csv_line(const std::vector<std::string> &fields)
  {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
      {
        const std::string &f = fields[i];
        if (i > 0)
          line += ',';
        if (f.find_first_of(",\"\n\r") == std::string::npos)
          {
            line += f;
            continue;
          }
        line += '"';
        for (const char c : f)
          line += c == '"' ? std::string("\"\"") : std::string(1, c);
        line += '"';
      }
    return line + '\n';
  }

  std::vector<std::vector<std::string>>
  parse_csv(const std::string &text)
  {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string>              row;
    std::string                           field;
    bool                                  quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i)
      {
        const char c = text[i];
        if (quoted)
          {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
              {
                field += '"';
                ++i;
              }
            else if (c == '"')
              quoted = false;
            else
              field += c;
            continue;
          }
        if (c == '"')
          quoted = any = true;
        else if (c == ',')
          {
            row.push_back(field);
            field.clear();
            any = true;
          }
        else if (c == '\n')
          {
            row.push_back(field);
            rows.push_back(row);
            row.clear();
            field.clear();
            any = false;
          }
        else if (c != '\r')
          {
            field += c;
            any = true;
          }
      }
    if (quoted)
      throw ScenarioError("CSV: unterminated quoted field");
    if (any)
      {
        row.push_back(field);
        rows.push_back(row);
      }
    return rows;
  }

  std::string
  number_text(const double v)
  {
    if (!std::isfinite(v))
      return "null";
    std::ostringstream s;
    s << std::setprecision(17) << v;
    return s.str();
  }
} // namespace plantarfe::output
