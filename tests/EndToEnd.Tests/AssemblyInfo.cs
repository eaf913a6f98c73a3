// Fault tests stop the broker and restart PostgreSQL, and each collection starts a whole system:
// collections run one after the other so that one never sees the other's faults (and 2 cores suffice).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
