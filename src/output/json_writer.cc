#include "output/json_writer.h"

#include <cmath>
#include <cstdio>
#include <iomanip>

namespace plantarfe::output
{
  std::string
  JsonWriter::escape(const std::string &s)
  {
    std::string r = "\"";
    for (const char c : s)
      switch (c)
        {
          case '"':
            r += "\\\"";
            break;
          case '\\':
            r += "\\\\";
            break;
          case '\n':
            r += "\\n";
            break;
          case '\t':
            r += "\\t";
            break;
          default:
            if (static_cast<unsigned char>(c) < 0x20)
              {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                r += buf;
              }
            else
              r += c;
        }
    return r + "\"";
  }

  std::string
  JsonWriter::number(const double v)
  {
    if (!std::isfinite(v))
      return "null";
    std::ostringstream s;
    s << std::setprecision(17) << v;
    return s.str();
  }

  void
  JsonWriter::prefix(const std::string &key)
  {
    if (!first.back())
      out << ",";
    first.back() = false;
    out << "\n" << std::string(2 * (first.size() - 1), ' ');
    if (!key.empty())
      out << escape(key) << ": ";
  }

  JsonWriter &
  JsonWriter::begin_object(const std::string &key)
  {
    if (first.size() > 1 || !first.back())
      prefix(key);
    out << "{";
    first.push_back(true);
    return *this;
  }
  JsonWriter &
  JsonWriter::end_object()
  {
    first.pop_back();
    out << "\n" << std::string(2 * (first.size() - 1), ' ') << "}";
    return *this;
  }
  JsonWriter &
  JsonWriter::begin_array(const std::string &key)
  {
    prefix(key);
    out << "[";
    first.push_back(true);
    return *this;
  }
  JsonWriter &
  JsonWriter::end_array()
  {
    first.pop_back();
    out << "]";
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const double v)
  {
    prefix(key);
    out << number(v);
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const long long v)
  {
    prefix(key);
    out << v;
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const unsigned long long v)
  {
    prefix(key);
    out << v;
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const int v)
  {
    return value(key, static_cast<long long>(v));
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const unsigned int v)
  {
    return value(key, static_cast<long long>(v));
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const bool v)
  {
    prefix(key);
    out << (v ? "true" : "false");
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const std::string &v)
  {
    prefix(key);
    out << escape(v);
    return *this;
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const char *v)
  {
    return value(key, std::string(v));
  }
  JsonWriter &
  JsonWriter::value(const std::string &key, const std::vector<double> &v)
  {
    prefix(key);
    out << "[";
    for (unsigned int i = 0; i < v.size(); ++i)
      out << (i ? ", " : "") << number(v[i]);
    out << "]";
    return *this;
  }
  std::string
  JsonWriter::str() const
  {
    return out.str() + "\n";
  }
} // namespace plantarfe::output
