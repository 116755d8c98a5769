// Sub-commands of the `plantarfe` executable. Each returns the process exit
// code: 0 ok, 1 a run failed, 2 bad input.
#pragma once

#include <string>
#include <vector>

namespace plantarfe::app
{
  int
  run_command(const std::vector<std::string> &args);
  int
  mesh_command(const std::vector<std::string> &args);
  int
  params_command(const std::vector<std::string> &args);
  int
  verify_command(const std::vector<std::string> &args);
  int
  info_command(const std::vector<std::string> &args);
  int
  render_command(const std::vector<std::string> &args);
  int
  batch_command(const std::vector<std::string> &args);
  int
  sweep_command(const std::vector<std::string> &args);
  int
  compare_command(const std::vector<std::string> &args);
} // namespace plantarfe::app
