import Testing

/// Every end-to-end suite nests here and they run one at a time: each starts
/// real servers and runs many processes, and on a two-core machine
/// overlapping ones starve each other and the in-process tests beside them.
@Suite("end to end", .serialized)
enum EndToEnd {}
