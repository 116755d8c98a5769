#pragma once

#include <string>
#include <sys/types.h>

namespace plantarfe::app
{
  /// A private, headless X server for off-screen rendering.
  ///
  /// Debian's VTK 9.1 renders through GLX, so it needs an X server even off
  /// screen. `xvfb-run -a` picks a display number by looking for lock files,
  /// which races when several renders start at once (two of them pick :99,
  /// one dies with "bad X server connection"). Xvfb's `-displayfd` instead
  /// lets the server claim a free number itself and tell us which, so any
  /// number of renders can run side by side.
  ///
  /// Constructed when DISPLAY is unset and Xvfb is installed: starts Xvfb,
  /// sets DISPLAY for this process, and stops the server on destruction (and,
  /// through PR_SET_PDEATHSIG, if this process is killed).
  class VirtualDisplay
  {
  public:
    /// Starts Xvfb; throws IoError naming the cause when it cannot.
    VirtualDisplay();
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay &) = delete;
    VirtualDisplay &
    operator=(const VirtualDisplay &) = delete;

    /// The display name set in DISPLAY, e.g. ":3".
    const std::string &
    name() const
    {
      return display_name;
    }

    /// Full path of the Xvfb executable on PATH, or "" when there is none.
    static std::string
    find_xvfb();

  private:
    pid_t       server_pid = -1;
    std::string display_name;
  };
} // namespace plantarfe::app
