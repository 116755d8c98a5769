// Fixture: a base header that includes the command layer (must be rejected).
#pragma once
#include "app/command.h"
