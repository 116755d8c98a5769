// Name -> plugin, one registry per plugin kind (material law, fibre law, tool
// shape, load, metric, scenario type). A plugin registers itself from a
// static initialiser at the bottom of its own .cc file:
//
//   const bool registered = Registry<MetricEntry<2>>::add({...});
//
// so adding one is one .h/.cc pair and one registration line. The storage is
// a function-local static, safe whatever the order in which translation
// units initialise; the plugins are compiled into OBJECT libraries so the
// linker keeps every self-registering file (a static library would drop
// them silently). Each kind has a test that lists every expected name.
#pragma once

#include "base/errors.h"

#include <algorithm>
#include <string>
#include <vector>

namespace plantarfe
{
  /// @p Entry is any type with a `std::string name` member.
  template <typename Entry>
  class Registry
  {
  public:
    /// Adds @p entry, keeping the list sorted by name. Returns false (and
    /// adds nothing) for an empty or duplicate name or one holding '|' or
    /// ',', which would corrupt a Patterns::Selection.
    static bool
    add(Entry entry)
    {
      auto &list = storage();
      if (entry.name.empty() ||
          entry.name.find_first_of("|,") != std::string::npos)
        return false;
      for (const Entry &e : list)
        if (e.name == entry.name)
          return false;
      const auto pos = std::lower_bound(
        list.begin(), list.end(), entry.name, [](const Entry &a, const std::string &b) {
          return a.name < b;
        });
      list.insert(pos, std::move(entry));
      return true;
    }

    /// Every registered entry, sorted by name.
    static const std::vector<Entry> &
    entries()
    {
      return storage();
    }

    /// Names as "a|b|c" (for Patterns::Selection).
    static std::string
    names_pattern()
    {
      std::string names;
      for (const Entry &e : storage())
        names += (names.empty() ? "" : "|") + e.name;
      return names;
    }

    static std::vector<std::string>
    names()
    {
      std::vector<std::string> out;
      for (const Entry &e : storage())
        out.push_back(e.name);
      return out;
    }

    /// The entry called @p name, or nullptr.
    static const Entry *
    find(const std::string &name)
    {
      for (const Entry &e : storage())
        if (e.name == name)
          return &e;
      return nullptr;
    }

    /// The entry called @p name; ScenarioError "<what>: unknown ... (known:
    /// ...)" otherwise.
    static const Entry &
    get(const std::string &name, const std::string &what)
    {
      if (const Entry *e = find(name))
        return *e;
      throw ScenarioError(what + ": unknown name \"" + name +
                          "\" (known: " + names_pattern() + ")");
    }

  private:
    static std::vector<Entry> &
    storage()
    {
      static std::vector<Entry> list;
      return list;
    }
  };
} // namespace plantarfe
