// The cluster tests start many processes on a 2-core machine; running test classes one at a time keeps them fair.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
