// Text from files and users made safe to print as one message line: control
// bytes (escape sequences in a scenario reached the terminal raw) shown as
// \xNN, and the length bounded (a 2 MB line came back as a 2 MB message).
#pragma once

#include <cstdio>
#include <string>

namespace plantarfe
{
  /// @p text with bytes below 0x20 and 0x7f written as \xNN (a newline
  /// kept, as messages may hold a usage text), cut after @p max_bytes with
  /// a note of how much was left out.
  inline std::string
  printable(const std::string &text, const std::size_t max_bytes = 4000)
  {
    std::string       out;
    const std::size_t n = text.size() < max_bytes ? text.size() : max_bytes;
    out.reserve(n + 64);
    for (std::size_t k = 0; k < n; ++k)
      {
        const unsigned char c = static_cast<unsigned char>(text[k]);
        if ((c < 0x20 && c != '\n') || c == 0x7f)
          {
            char code[8];
            std::snprintf(code, sizeof code, "\\x%02x", c);
            out += code;
          }
        else
          out += static_cast<char>(c);
      }
    if (n < text.size())
      out += " [... " + std::to_string(text.size() - n) + " more bytes]";
    return out;
  }
} // namespace plantarfe
