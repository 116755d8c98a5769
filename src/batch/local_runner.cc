#include "batch/local_runner.h"

#include "base/errors.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace plantarfe::batch
{
  namespace
  {
    volatile std::sig_atomic_t stop_signal = 0;

    /// The program each child runs: this one, unless a host that is not
    /// plantarfe (the Python module) named the executable.
    std::string &
    child_executable()
    {
      static std::string path = "/proc/self/exe";
      return path;
    }

    void
    on_stop(int signal)
    {
      stop_signal = signal;
    }

    struct Child
    {
      std::size_t   job = 0;
      pid_t         pid = -1;
      int           fd  = -1;
      std::ofstream log;
      std::string   pending; ///< output after the last '\n'
      std::string   last_line;
      std::chrono::steady_clock::time_point start;
    };

    /// argv/envp as the C arrays execve wants; built before fork because
    /// only async-signal-safe calls are allowed in the child.
    struct CArgs
    {
      std::vector<std::string> strings;
      std::vector<char *>      pointers;

      explicit CArgs(std::vector<std::string> s)
          : strings(std::move(s))
      {
        for (auto &x : strings)
          pointers.push_back(x.data());
        pointers.push_back(nullptr);
      }
    };

    std::vector<std::string>
    child_environment(
      const std::vector<std::pair<std::string, std::string>> &env)
    {
      std::vector<std::string> out;
      for (char **e = environ; *e; ++e)
        {
          const std::string entry(*e);
          const std::string key      = entry.substr(0, entry.find('='));
          bool              replaced = false;
          for (const auto &kv : env)
            replaced = replaced || kv.first == key;
          if (!replaced)
            out.push_back(entry);
        }
      for (const auto &[key, value] : env)
        out.push_back(key + "=" + value);
      return out;
    }

    void
    start(Child                          &c,
          const ChildJob                 &job,
          const std::vector<std::string> &environment)
    {
      int fds[2];
      if (pipe2(fds, O_CLOEXEC) != 0)
        throw IoError(std::string("batch: cannot create a pipe: ") +
                      std::strerror(errno));
      std::vector<std::string> argv = {"plantarfe"};
      argv.insert(argv.end(), job.args.begin(), job.args.end());
      CArgs       a(argv), e(environment);
      const char *executable = child_executable().c_str();
      const pid_t parent     = getpid();
      const pid_t pid        = fork();
      if (pid < 0)
        throw IoError(std::string("batch: cannot start a run: ") +
                      std::strerror(errno));
      if (pid == 0)
        {
          // Die with the batch, even if it is killed with SIGKILL.
          prctl(PR_SET_PDEATHSIG, SIGKILL);
          if (getppid() != parent)
            _exit(137);
          dup2(fds[1], STDOUT_FILENO);
          dup2(fds[1], STDERR_FILENO);
          execve(executable, a.pointers.data(), e.pointers.data());
          const char msg[] = "batch: cannot execute the plantarfe program ";
          (void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
          (void)!write(STDERR_FILENO, executable, std::strlen(executable));
          (void)!write(STDERR_FILENO, "\n", 1);
          _exit(127);
        }
      close(fds[1]);
      c.pid   = pid;
      c.fd    = fds[0];
      c.start = std::chrono::steady_clock::now();
      c.log.open(job.log_file, std::ios::trunc);
    }

    /// Reads what @p c wrote; returns false at end of output.
    bool
    drain(Child &c, const ChildEvents &events)
    {
      char          buffer[4096];
      const ssize_t n = read(c.fd, buffer, sizeof(buffer));
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
      if (n <= 0)
        return false;
      c.log.write(buffer, n);
      c.log.flush();
      c.pending.append(buffer, n);
      for (std::size_t nl; (nl = c.pending.find('\n')) != std::string::npos;)
        {
          const std::string line = c.pending.substr(0, nl);
          c.pending.erase(0, nl + 1);
          if (!line.empty())
            c.last_line = line;
          if (events.line)
            events.line(c.job, line);
        }
      return true;
    }

    Attempt
    reap(Child &c)
    {
      int status = 0;
      while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR)
        ;
      close(c.fd);
      Attempt a;
      a.wall_s = std::chrono::duration<double>(
                   std::chrono::steady_clock::now() - c.start)
                   .count();
      if (WIFEXITED(status))
        a.exit_code = WEXITSTATUS(status);
      else if (WIFSIGNALED(status))
        {
          a.exit_code = 128 + WTERMSIG(status);
          a.message =
            std::string("killed by signal ") + strsignal(WTERMSIG(status));
        }
      if (a.message.empty() && a.exit_code != 0)
        a.message = c.last_line;
      return a;
    }
  } // namespace

  bool
  run_children(const std::vector<ChildJob>                            &jobs,
               const unsigned int                                      parallel,
               const std::vector<std::pair<std::string, std::string>> &env,
               const ChildEvents                                      &events)
  {
    const std::vector<std::string> environment = child_environment(env);
    struct sigaction               action = {}, old_int = {}, old_term = {};
    action.sa_handler = on_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int);
    sigaction(SIGTERM, &action, &old_term);
    stop_signal = 0;

    std::vector<std::unique_ptr<Child>> running;
    std::size_t                         next = 0;
    while (next < jobs.size() || !running.empty())
      {
        while (!stop_signal && next < jobs.size() &&
               running.size() < std::max(1u, parallel))
          {
            auto c = std::make_unique<Child>();
            c->job = next;
            start(*c, jobs[next], environment);
            if (events.started)
              events.started(next);
            running.push_back(std::move(c));
            ++next;
          }
        if (stop_signal)
          {
            for (auto &c : running)
              kill(c->pid, SIGTERM);
            for (auto &c : running)
              {
                while (drain(*c, events))
                  ;
                reap(*c);
              }
            running.clear();
            break;
          }
        std::vector<pollfd> fds;
        for (const auto &c : running)
          fds.push_back({c->fd, POLLIN, 0});
        poll(fds.data(), fds.size(), 250);
        for (std::size_t i = 0; i < fds.size(); ++i)
          if (fds[i].revents != 0 && !drain(*running[i], events))
            {
              const Attempt a = reap(*running[i]);
              if (events.finished)
                events.finished(running[i]->job, a);
              running[i].reset();
            }
        running.erase(std::remove(running.begin(), running.end(), nullptr),
                      running.end());
        if (events.tick)
          events.tick();
      }
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    return stop_signal == 0;
  }

  void
  set_child_executable(const std::string &path)
  {
    child_executable() = path;
  }
} // namespace plantarfe::batch
