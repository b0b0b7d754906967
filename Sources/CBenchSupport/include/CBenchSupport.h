#ifndef CBENCHSUPPORT_H
#define CBENCHSUPPORT_H
#include <stddef.h>
/// Bytes the C allocator has handed out and not got back (glibc mallinfo2).
size_t bench_heap_in_use(void);
#endif
