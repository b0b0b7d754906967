#include <malloc.h>
#include "CBenchSupport.h"

size_t bench_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks;
}
