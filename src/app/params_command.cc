#include <deal.II/base/parameter_handler.h>

#include "app/commands.h"
#include "scenario/parameters.h"

#include <iostream>

namespace plantarfe::app
{
  int
  params_command(const std::vector<std::string> &args)
  {
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    const bool json = !args.empty() && args[0] == "--json";
    // The reference is a valid scenario file listing every entry with its
    // default and doc string (with units), in declaration order; --json gives
    // the machine-readable form with patterns
    // (accepted back as a scenario file).
    prm.print_parameters(std::cout,
                         json ?
                           dealii::ParameterHandler::JSON :
                           dealii::ParameterHandler::OutputStyle(
                             dealii::ParameterHandler::PRM |
                             dealii::ParameterHandler::KeepDeclarationOrder));
    return 0;
  }
} // namespace plantarfe::app
