// MPI for unit tests that use parallel HDF5 or distributed meshes: a GoogleTest
// environment that initialises MPI once per test binary (include it in one
// translation unit of the binary). deal.II's MPI_InitFinalize also starts
// p4est and sc silently (plain MPI_Init left p4est logging every mesh
// operation) and lets the tests use every core through threads.
#pragma once

#include <deal.II/base/mpi.h>

#include <gtest/gtest.h>

#include <memory>

namespace
{
  class MpiEnvironment : public ::testing::Environment
  {
  public:
    void
    SetUp() override
    {
      static int    argc   = 1;
      static char   name[] = "plantarfe-unit-test";
      static char  *args[] = {name, nullptr};
      static char **argv   = args;
      mpi = std::make_unique<dealii::Utilities::MPI::MPI_InitFinalize>(
        argc, argv, dealii::numbers::invalid_unsigned_int);
    }

    void
    TearDown() override
    {
      mpi.reset();
    }

  private:
    std::unique_ptr<dealii::Utilities::MPI::MPI_InitFinalize> mpi;
  };

  [[maybe_unused]] ::testing::Environment *const mpi_environment =
    ::testing::AddGlobalTestEnvironment(new MpiEnvironment);
} // namespace
