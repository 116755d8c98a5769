// Minimal JSON emitter for summaries: objects, arrays, numbers (full
// precision), strings (escaped), booleans. Enough for flat records; nothing
// here parses JSON.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace plantarfe::output
{
  class JsonWriter
  {
  public:
    JsonWriter &
    begin_object(const std::string &key = "");
    JsonWriter &
    end_object();
    JsonWriter &
    begin_array(const std::string &key = "");
    JsonWriter &
    end_array();
    JsonWriter &
    value(const std::string &key, double v);
    JsonWriter &
    value(const std::string &key, long long v);
    JsonWriter &
    value(const std::string &key, unsigned long long v);
    JsonWriter &
    value(const std::string &key, int v);
    JsonWriter &
    value(const std::string &key, unsigned int v);
    JsonWriter &
    value(const std::string &key, bool v);
    JsonWriter &
    value(const std::string &key, const std::string &v);
    JsonWriter &
    value(const std::string &key, const char *v);
    JsonWriter &
    value(const std::string &key, const std::vector<double> &v);
    std::string
    str() const;

    static std::string
    escape(const std::string &s);
    static std::string
    number(double v);

  private:
    void
                       prefix(const std::string &key);
    std::ostringstream out;
    std::vector<bool>  first{true};
  };
} // namespace plantarfe::output
