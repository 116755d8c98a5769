// MPI for unit tests that use parallel HDF5 or distributed meshes: a GoogleTest
// environment that initialises MPI once per test binary (include it in one
// translation unit of the binary).
#pragma once

#include <gtest/gtest.h>

#include <mpi.h>

namespace
{
  class MpiEnvironment : public ::testing::Environment
  {
  public:
    void
    SetUp() override
    {
      int initialized = 0;
      MPI_Initialized(&initialized);
      if (!initialized)
        MPI_Init(nullptr, nullptr);
    }

    void
    TearDown() override
    {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (!finalized)
        MPI_Finalize();
    }
  };

  [[maybe_unused]] ::testing::Environment *const mpi_environment =
    ::testing::AddGlobalTestEnvironment(new MpiEnvironment);
} // namespace
