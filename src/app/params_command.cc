#include "app/commands.h"
#include "scenario/parameters.h"

#include <deal.II/base/parameter_handler.h>
#include <iostream>

namespace plantarfe::app
{
  int
  params_command(const std::vector<std::string> &args)
  {
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    const bool json = !args.empty() && args[0] == "--json";
    prm.print_parameters(std::cout,
                         json ? dealii::ParameterHandler::JSON :
                                dealii::ParameterHandler::Text);
    return 0;
  }
} // namespace plantarfe::app
