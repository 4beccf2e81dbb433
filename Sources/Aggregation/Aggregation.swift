// GVE — Aggregation
// Placeholder: the module's public API lives in the files beside this one.
enum AggregationModule {}
