// CBC's C interface (COIN-OR Branch and Cut, Debian coinor-libcbc-dev, headers in /usr/include/coin).
#include <coin/Cbc_C_Interface.h>
