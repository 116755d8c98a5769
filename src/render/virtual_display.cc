#include "render/virtual_display.h"

#include "base/errors.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <random>
#include <sstream>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace plantarfe::render
{
  std::string
  VirtualDisplay::find_xvfb()
  {
    const char        *path = std::getenv("PATH");
    std::string        dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::istringstream in(dirs);
    std::string        dir;
    while (std::getline(in, dir, ':'))
      {
        const std::string candidate = (dir.empty() ? "." : dir) + "/Xvfb";
        if (access(candidate.c_str(), X_OK) == 0)
          return candidate;
      }
    return "";
  }

  int
  VirtualDisplay::can_connect(const std::string &display)
  {
    // libX11 is loaded with VTK already; look it up at run time so that
    // building needs no X headers.
    void *x11 = dlopen("libX11.so.6", RTLD_LAZY | RTLD_LOCAL);
    if (x11 == nullptr)
      return -1;
    using Open        = void *(*)(const char *);
    using Close       = int (*)(void *);
    const auto open   = reinterpret_cast<Open>(dlsym(x11, "XOpenDisplay"));
    const auto close  = reinterpret_cast<Close>(dlsym(x11, "XCloseDisplay"));
    int        result = -1;
    if (open != nullptr)
      {
        void *connection = open(display.c_str());
        result           = connection != nullptr ? 1 : 0;
        if (connection != nullptr && close != nullptr)
          close(connection);
      }
    dlclose(x11);
    return result;
  }

  VirtualDisplay::VirtualDisplay()
  {
    const std::string xvfb = find_xvfb();
    if (xvfb.empty())
      throw IoError("render: no X display (DISPLAY is not set) and Xvfb is "
                    "not installed; scripts/setup installs it (package xvfb)");
    std::mt19937 random(static_cast<std::mt19937::result_type>(
      std::chrono::steady_clock::now().time_since_epoch().count() ^
      (static_cast<long>(getpid()) << 16)));
    std::uniform_int_distribution<unsigned int> number(200, 29999);
    for (unsigned int attempt = 0; attempt < 6; ++attempt)
      if (start(xvfb, number(random)))
        return;
    throw IoError("render: the virtual X server (" + xvfb +
                  ") did not start or accept connections in 6 attempts");
  }

  bool
  VirtualDisplay::start(const std::string &xvfb, const unsigned int number)
  {
    int fds[2];
    if (pipe(fds) != 0)
      throw IoError(std::string("render: pipe for Xvfb failed: ") +
                    std::strerror(errno));
    // Only the write end goes to Xvfb; the read end must not leak into it.
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);

    const std::string display = ":" + std::to_string(number);
    const pid_t       parent  = getpid();
    server_pid                = fork();
    if (server_pid < 0)
      {
        close(fds[0]);
        close(fds[1]);
        throw IoError(std::string("render: cannot start Xvfb: ") +
                      std::strerror(errno));
      }
    if (server_pid == 0)
      {
        // Child: die with the renderer, keep quiet, become Xvfb.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
          _exit(1);
        const int null = open("/dev/null", O_RDWR);
        if (null >= 0)
          {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
          }
        const std::string fd = std::to_string(fds[1]);
        execl(xvfb.c_str(),
              "Xvfb",
              display.c_str(),
              "-displayfd",
              fd.c_str(),
              "-screen",
              "0",
              "1920x1200x24",
              "-nolisten",
              "tcp",
              "-noreset",
              static_cast<char *>(nullptr));
        _exit(127);
      }

    close(fds[1]);
    // Xvfb writes the display number and a newline once it accepts
    // connections; a start-up failure (the number is taken) closes the
    // pipe instead.
    std::string written;
    const auto  deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (true)
      {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
        if (left <= 0)
          break;
        pollfd    p{fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR)
          continue;
        if (ready <= 0)
          break;
        char      c;
        const int got = read(fds[0], &c, 1);
        if (got <= 0 || c == '\n')
          break;
        written += c;
      }
    close(fds[0]);
    // -noreset above matters: by default an X server resets when its last
    // client disconnects, and a connection attempted during the reset
    // fails - which is what this check's own disconnect did to VTK's
    // connection a moment later.
    if (written == std::to_string(number) && can_connect(display) != 0)
      {
        display_name = display;
        setenv("DISPLAY", display_name.c_str(), 1);
        return true;
      }
    kill(server_pid, SIGTERM);
    waitpid(server_pid, nullptr, 0);
    server_pid = -1;
    return false;
  }

  VirtualDisplay::~VirtualDisplay()
  {
    if (server_pid <= 0)
      return;
    unsetenv("DISPLAY");
    kill(server_pid, SIGTERM);
    waitpid(server_pid, nullptr, 0);
  }
} // namespace plantarfe::render
