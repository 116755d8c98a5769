#pragma once

#include <string>
#include <sys/types.h>

namespace plantarfe::render
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
  /// Even so, a display number that a finishing server has just released
  /// can be unusable for a moment (CI saw "bad X server connection" on :0
  /// while another test's Xvfb on :0 shut down): the number is therefore
  /// drawn at random from a wide range, the new server is checked with a
  /// real client connection, and a failed start is retried on another
  /// number.
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

    /// Whether an X client can connect to @p display now: 1 yes, 0 no,
    /// -1 unknown (libX11 could not be loaded).
    static int
    can_connect(const std::string &display);

  private:
    /// Starts Xvfb on display :number and waits until it accepts
    /// connections; false (server stopped again) if it does not.
    bool
    start(const std::string &xvfb, unsigned int number);

    pid_t       server_pid = -1;
    std::string display_name;
  };
} // namespace plantarfe::render
