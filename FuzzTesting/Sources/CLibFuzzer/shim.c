// GVE — FuzzTesting: empty; the target only exports the header.
#include "CLibFuzzer.h"
