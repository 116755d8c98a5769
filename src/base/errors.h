// User-facing errors, mapped by the command line to one clear line and an
// exit code: ScenarioError -> 2 (bad input), SolverError -> 1 (failed solve),
// IoError -> 1.
#pragma once

#include <stdexcept>
#include <string>

namespace plantarfe
{
  class ScenarioError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  class SolverError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  class IoError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };
} // namespace plantarfe
