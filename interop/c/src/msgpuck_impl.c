/* The one translation unit that holds msgpuck's out-of-line function definitions (msgpuck.h). */
#define MP_SOURCE 1
#include <msgpuck.h>
