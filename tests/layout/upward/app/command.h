// Fixture: the command layer.
#pragma once
#include "base/shared.h"
