#include "batch/batch_progress.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <sys/ioctl.h>
#include <unistd.h>

namespace plantarfe::batch
{
  BatchProgress::BatchProgress(const std::size_t  total,
                               const std::size_t  done,
                               const unsigned int parallel)
      : tty(isatty(STDERR_FILENO) != 0)
      , total(total)
      , done(done)
      , parallel(parallel)
      , begin(std::chrono::steady_clock::now())
  {}

  std::string
  BatchProgress::clock(const double seconds)
  {
    const long s = static_cast<long>(seconds + 0.5);
    char       text[32];
    if (s >= 3600)
      std::snprintf(
        text, sizeof(text), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
      std::snprintf(text, sizeof(text), "%ld:%02ld", s / 60, s % 60);
    return text;
  }

  std::string
  BatchProgress::counts() const
  {
    const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
        .count();
    std::ostringstream s;
    s << "[" << done << "/" << total << "]";
    if (failed > 0)
      s << " " << failed << " failed";
    s << " " << clock(elapsed) << " elapsed";
    // ETA from the runs finished in this batch, spread over the parallel
    // slots.
    if (ran > 0 && done < total)
      s << ", ETA "
        << clock(ran_wall_s / ran * double(total - done) / parallel);
    return s.str();
  }

  void
  BatchProgress::print_line(const std::string &text)
  {
    if (tty && line_is_drawn)
      std::cerr << "\r\033[K";
    line_is_drawn = false;
    std::cerr << text << std::endl;
  }

  void
  BatchProgress::started(const std::string &name)
  {
    running[name] = "";
    if (!tty)
      print_line("batch: start " + name);
  }

  void
  BatchProgress::output(const std::string &name, const std::string &line)
  {
    // `run` logs "plantarfe: load 0.25 converged in 3 Newton iterations".
    const auto at = line.find("plantarfe: load ");
    if (at == std::string::npos)
      return;
    const auto from = at + 11;
    running[name]   = line.substr(from, line.find(' ', from + 5) - from);
  }

  void
  BatchProgress::finished(const std::string &name,
                          const std::string &status,
                          const double       wall_s,
                          const std::string &detail)
  {
    running.erase(name);
    ++done;
    ++ran;
    ran_wall_s += wall_s;
    if (status != "ok")
      ++failed;
    std::ostringstream s;
    s << "batch: " << status << " " << name << " (" << clock(wall_s) << ")";
    if (!detail.empty())
      s << ": " << detail;
    if (!tty)
      s << " " << counts();
    // On a terminal only failures get a line of their own.
    if (!tty || status != "ok")
      print_line(s.str());
    tick();
  }

  void
  BatchProgress::tick()
  {
    if (!tty)
      return;
    std::string text = "batch: " + counts();
    for (const auto &[name, load] : running)
      text += " | " + name + (load.empty() ? "" : " " + load);
    winsize           w{};
    const std::size_t width =
      ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 10 ? w.ws_col :
                                                                   80;
    if (text.size() >= width)
      text = text.substr(0, width - 4) + "...";
    std::cerr << "\r\033[K" << text << std::flush;
    line_is_drawn = true;
  }

  void
  BatchProgress::close()
  {
    if (tty && line_is_drawn)
      std::cerr << '\n';
    line_is_drawn = false;
  }
} // namespace plantarfe::batch
