// Scope-bound ownership of HDF5 identifiers, shared by the results writer and
// reader. Private to src/output: it includes <hdf5.h>, which the public
// headers keep out (they store hid_t as std::int64_t).
#pragma once

#include <hdf5.h>

namespace plantarfe::output::hdf5
{
  /// Owns one HDF5 identifier and closes it with the matching H5?close
  /// (H5Fclose, H5Gclose, H5Dclose, H5Aclose, H5Sclose, H5Tclose, H5Pclose)
  /// when it goes out of scope. A negative identifier (a failed H5?open or
  /// H5?create) is held as invalid and never closed.
  class Handle
  {
  public:
    using Close = herr_t (*)(hid_t);

    Handle(const hid_t id, const Close close) noexcept
        : id(id)
        , close(close)
    {}

    ~Handle()
    {
      if (id >= 0)
        close(id);
    }

    Handle(const Handle &) = delete;
    Handle &
    operator=(const Handle &) = delete;

    operator hid_t() const noexcept
    {
      return id;
    }

    bool
    valid() const noexcept
    {
      return id >= 0;
    }

    /// Gives up ownership: the caller closes the identifier.
    hid_t
    release() noexcept
    {
      const hid_t released = id;
      id                   = -1;
      return released;
    }

  private:
    hid_t id;
    Close close;
  };

  /// While in scope, HDF5 does not print its error stacks to stderr (the
  /// callers report failures through IoError). On exit the error stack is
  /// cleared and the previous handler restored.
  class QuietErrors
  {
  public:
    QuietErrors() noexcept
    {
      H5Eget_auto2(H5E_DEFAULT, &old_function, &old_data);
      H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }

    ~QuietErrors()
    {
      H5Eclear2(H5E_DEFAULT);
      H5Eset_auto2(H5E_DEFAULT, old_function, old_data);
    }

    QuietErrors(const QuietErrors &) = delete;
    QuietErrors &
    operator=(const QuietErrors &) = delete;

  private:
    H5E_auto2_t old_function = nullptr;
    void       *old_data     = nullptr;
  };
} // namespace plantarfe::output::hdf5
