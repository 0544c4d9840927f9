// Commands still draw progress on the process-wide AnsiConsole (injecting IAnsiConsole everywhere is issue 16's):
// two in-process runs with live displays at once fail with "Trying to run one or more interactive functions
// concurrently", so the CLI tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
