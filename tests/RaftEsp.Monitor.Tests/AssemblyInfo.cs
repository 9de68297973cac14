// The virtual clusters (a dozen processes each) and the browser share two cores with the build; one test class at a
// time keeps every wait well inside its limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
