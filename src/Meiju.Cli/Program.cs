using Meiju.Cli;

// Every command is a thin shell over a library API; the tree is in CommandTree.cs, the wiring in MeijuApp.cs.
return MeijuApp.Run(args);
