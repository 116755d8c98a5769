// Scenario entries declared and parsed side by side, one table per section
// (as deal.II's step-44 pairs declare_parameters and parse_parameters per
// struct), with the unit users write each entry in kept as data next to the
// declaration: the table converts to SI when it parses, and records the
// unit by the entry's path (base/declared_entry.h) for the batch manifest
// and the compare chart, so nothing reads a unit back out of a doc string.
// A table's section path is relative to the enclosing DeclaredSection.
//
//   EntryTable<FootGeometry> leg({"Foot", "Leg"});
//   leg.number("Tibia length", &FootGeometry::tibia_length, 380, mm, 200,
//              500, "Ankle centre to the knee end (mm).");
//   leg.declare(prm);           // in declare_parameters
//   leg.parse(prm, geometry);   // in read_..._parameters: 0.38 m
#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/patterns.h>

#include "base/declared_entry.h"
#include "base/errors.h"

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace plantarfe::scenario
{
  /// "A/B" of a section path.
  inline std::string
  section_text(const std::vector<std::string> &section)
  {
    std::string text;
    for (const auto &s : section)
      text += (text.empty() ? "" : "/") + s;
    return text;
  }

  /// The entries of one subsection that fill one parameter struct.
  template <typename Params>
  class EntryTable
  {
  public:
    explicit EntryTable(std::vector<std::string> section)
        : section(std::move(section))
    {}

    /// A number in [lo, hi] written in @p unit; parsed into @p field in SI.
    EntryTable &
    number(const std::string &name,
           double Params::   *field,
           const double       default_value,
           const Unit        &unit,
           const double       lo,
           const double       hi,
           const std::string &doc)
    {
      add(name,
          text_of(default_value),
          std::make_shared<dealii::Patterns::Double>(lo, hi),
          unit,
          doc,
          [field, unit, name](const dealii::ParameterHandler &prm, Params &p) {
            p.*field = prm.get_double(name) * unit.to_si;
          });
      return *this;
    }

    /// A number that must be > @p lower (a bound the pattern cannot state);
    /// a smaller value is a ScenarioError "<path>: must be > lower unit".
    EntryTable &
    number_above(const std::string &name,
                 double Params::   *field,
                 const double       default_value,
                 const Unit        &unit,
                 const double       lower,
                 const std::string &doc)
    {
      const std::string where = section_text(section) + "/" + name;
      add(name,
          text_of(default_value),
          std::make_shared<dealii::Patterns::Double>(),
          unit,
          doc,
          [field, unit, name, lower, where](const dealii::ParameterHandler &prm,
                                            Params                         &p) {
            const double v = prm.get_double(name);
            if (!(v > lower))
              throw ScenarioError(where + ": must be > " + text_of(lower) +
                                  (unit.symbol.empty() ? "" : " ") +
                                  unit.symbol + " (got " + prm.get(name) + ")");
            p.*field = v * unit.to_si;
          });
      return *this;
    }

    /// A number in [lo, hi] whose range is checked when parsed (so the
    /// message states the unit) rather than by the pattern.
    EntryTable &
    number_checked(const std::string &name,
                   double Params::   *field,
                   const double       default_value,
                   const Unit        &unit,
                   const double       lo,
                   const double       hi,
                   const std::string &doc)
    {
      const std::string where = section_text(section) + "/" + name;
      add(name,
          text_of(default_value),
          std::make_shared<dealii::Patterns::Double>(),
          unit,
          doc,
          [field, unit, name, lo, hi, where](
            const dealii::ParameterHandler &prm, Params &p) {
            const double v = prm.get_double(name);
            if (v < lo || v > hi)
              throw ScenarioError(where + ": must lie in [" + text_of(lo) +
                                  ", " + text_of(hi) + "] " + unit.symbol +
                                  " (got " + prm.get(name) + ")");
            p.*field = v * unit.to_si;
          });
      return *this;
    }

    EntryTable &
    integer(const std::string &name,
            unsigned int Params::*field,
            const int             default_value,
            const int             lo,
            const int             hi,
            const std::string    &doc)
    {
      add(name,
          std::to_string(default_value),
          std::make_shared<dealii::Patterns::Integer>(lo, hi),
          entry_units::none,
          doc,
          [field, name](const dealii::ParameterHandler &prm, Params &p) {
            p.*field = static_cast<unsigned int>(prm.get_integer(name));
          });
      return *this;
    }

    EntryTable &
    flag(const std::string &name,
         bool Params::     *field,
         const bool         default_value,
         const std::string &doc)
    {
      add(name,
          default_value ? "true" : "false",
          std::make_shared<dealii::Patterns::Bool>(),
          entry_units::none,
          doc,
          [field, name](const dealii::ParameterHandler &prm, Params &p) {
            p.*field = prm.get_bool(name);
          });
      return *this;
    }

    /// One of @p options ("a|b|c"), kept as text.
    EntryTable &
    choice(const std::string &name,
           std::string Params::*field,
           const std::string   &options,
           const std::string   &default_value,
           const std::string   &doc)
    {
      add(name,
          default_value,
          std::make_shared<dealii::Patterns::Selection>(options),
          entry_units::none,
          doc,
          [field, name](const dealii::ParameterHandler &prm, Params &p) {
            p.*field = prm.get(name);
          });
      return *this;
    }

    /// One of @p options ("a|b"); @p field is true when it is @p yes.
    EntryTable &
    choice_is(const std::string &name,
              bool Params::     *field,
              const std::string &options,
              const std::string &default_value,
              const std::string &yes,
              const std::string &doc)
    {
      add(name,
          default_value,
          std::make_shared<dealii::Patterns::Selection>(options),
          entry_units::none,
          doc,
          [field, name, yes](const dealii::ParameterHandler &prm, Params &p) {
            p.*field = prm.get(name) == yes;
          });
      return *this;
    }

    /// Declares every entry in its subsection and records the units.
    void
    declare(dealii::ParameterHandler &prm) const
    {
      std::vector<std::unique_ptr<DeclaredSection>> inside;
      for (const auto &s : section)
        inside.push_back(std::make_unique<DeclaredSection>(prm, s));
      for (const Entry &e : entries)
        declare_entry_with_unit(
          prm, e.name, e.default_text, *e.pattern, e.unit, e.doc);
      while (!inside.empty())
        inside.pop_back(); // innermost first
    }

    /// Reads every entry into @p into, in SI.
    void
    parse(dealii::ParameterHandler &prm, Params &into) const
    {
      for (const auto &s : section)
        prm.enter_subsection(s);
      for (const Entry &e : entries)
        e.parse(prm, into);
      for (std::size_t k = 0; k < section.size(); ++k)
        prm.leave_subsection();
    }

  private:
    struct Entry
    {
      std::string                                    name;
      std::string                                    default_text;
      std::shared_ptr<dealii::Patterns::PatternBase> pattern;
      Unit                                           unit;
      std::string                                    doc;
      std::function<void(const dealii::ParameterHandler &, Params &)> parse;
    };

    static std::string
    text_of(const double v)
    {
      std::ostringstream text;
      text << v;
      return text.str();
    }

    void
    add(const std::string                             &name,
        const std::string                             &default_text,
        std::shared_ptr<dealii::Patterns::PatternBase> pattern,
        const Unit                                    &unit,
        const std::string                             &doc,
        std::function<void(const dealii::ParameterHandler &, Params &)> parse)
    {
      entries.push_back(
        {name, default_text, std::move(pattern), unit, doc, std::move(parse)});
    }

    std::vector<std::string> section;
    std::vector<Entry>       entries;
  };
} // namespace plantarfe::scenario
