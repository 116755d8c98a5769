// `plantarfe verify`: runs the verification suite and prints one row per check.
#include "app/commands.h"
#include "output/json.h"
#include "verification/suite.h"

#include <cstdio>
#include <iostream>

namespace plantarfe::app
{
  int
  verify_command(const std::vector<std::string> &args)
  {
    bool                     json = false, slow = false;
    std::vector<std::string> names;
    for (unsigned int i = 0; i < args.size(); ++i)
      if (args[i] == "--json")
        json = true;
      else if (args[i] == "--slow")
        slow = true;
      else if (args[i] == "--case" && i + 1 < args.size())
        names.push_back(args[++i]);
      else if (args[i] == "--list")
        {
          for (const auto &n : verification::case_names())
            std::cout << n << (verification::is_slow(n) ? " (slow)" : "")
                      << '\n';
          return 0;
        }
      else
        {
          std::cerr << "verify: unknown argument '" << args[i] << "'\n";
          return 2;
        }
    // The fine 3D Hertz series takes minutes: the default suite leaves it
    // to --slow (or --case), so that `verify` stays a quick check.
    if (names.empty())
      for (const auto &n : verification::case_names())
        if (slow || !verification::is_slow(n))
          names.push_back(n);

    verification::Rows rows;
    for (const auto &n : names)
      {
        if (!json)
          std::cerr << "verify: running " << n << "...\n";
        try
          {
            const auto r = verification::run_case(n);
            rows.insert(rows.end(), r.begin(), r.end());
          }
        catch (const std::invalid_argument &e)
          {
            std::cerr << "verify: " << e.what() << '\n';
            return 2;
          }
        catch (const std::exception &e)
          {
            rows.push_back({n,
                            "ran to completion",
                            0.,
                            1.,
                            "no error: " + std::string(e.what()),
                            false});
          }
      }

    unsigned int failed = 0;
    for (const auto &r : rows)
      failed += r.pass ? 0 : 1;
    if (json)
      {
        output::Json checks = output::Json::array();
        for (const auto &r : rows)
          checks.push_back({{"case", r.case_name},
                            {"quantity", r.quantity},
                            {"observed", r.observed},
                            {"expected", r.expected},
                            {"criterion", r.criterion},
                            {"pass", r.pass}});
        const output::Json j = {{"passed", rows.size() - failed},
                                {"failed", failed},
                                {"checks", checks}};
        std::cout << output::json_text(j);
      }
    else
      {
        std::printf("%-46s %-42s %14s %14s  %-22s %s\n",
                    "case",
                    "quantity",
                    "observed",
                    "expected",
                    "criterion",
                    "pass");
        for (const auto &r : rows)
          std::printf("%-46s %-42s %14.6g %14.6g  %-22s %s\n",
                      r.case_name.c_str(),
                      r.quantity.c_str(),
                      r.observed,
                      r.expected,
                      r.criterion.c_str(),
                      r.pass ? "yes" : "NO");
        std::printf("%zu passed, %u failed\n", rows.size() - failed, failed);
      }
    return failed == 0 ? 0 : 1;
  }
} // namespace plantarfe::app
