// Units recorded by the path of their entry; see declared_entry.h.
#include "base/declared_entry.h"

namespace plantarfe
{
  namespace
  {
    std::vector<std::string> &
    section_stack()
    {
      static std::vector<std::string> stack;
      return stack;
    }

    std::map<std::string, std::string> &
    unit_book()
    {
      static std::map<std::string, std::string> units;
      return units;
    }
  } // namespace

  DeclaredSection::DeclaredSection(dealii::ParameterHandler &prm,
                                   const std::string        &name)
      : prm(prm)
  {
    prm.enter_subsection(name);
    section_stack().push_back(name);
  }

  DeclaredSection::~DeclaredSection()
  {
    section_stack().pop_back();
    prm.leave_subsection();
  }

  void
  declare_entry_with_unit(dealii::ParameterHandler            &prm,
                          const std::string                   &name,
                          const std::string                   &default_text,
                          const dealii::Patterns::PatternBase &pattern,
                          const Unit                          &unit,
                          const std::string                   &doc)
  {
    prm.declare_entry(name, default_text, pattern, doc);
    if (unit.symbol.empty())
      return;
    std::string path;
    for (const auto &section : section_stack())
      path += section + "/";
    unit_book()[path + name] = unit.symbol;
  }

  const std::map<std::string, std::string> &
  declared_units()
  {
    return unit_book();
  }
} // namespace plantarfe
