namespace Meiju.Inference;

/// <summary>Where the bundled meiju-base lives: <c>&lt;repo&gt;/models/meiju-base</c> (repo = the folder holding Meiju.slnx), or <c>MEIJU_MODEL</c>.</summary>
public static class DefaultModel
{
    /// <summary>The environment variable that overrides the default model folder.</summary>
    public const string EnvironmentVariable = "MEIJU_MODEL";

    /// <summary>The default model folder.</summary>
    /// <exception cref="MeijuDataException">No MEIJU_MODEL and no repository with models/meiju-base above the working or program folder.</exception>
    public static string Path()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
        {
            return env;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Meiju.slnx")))
                {
                    var model = System.IO.Path.Combine(dir.FullName, "models", "meiju-base");
                    if (Directory.Exists(model))
                    {
                        return model;
                    }
                }
            }
        }

        throw new MeijuDataException("models/meiju-base", $"default model not found (no Meiju.slnx with models/meiju-base above the current folder); pass --model or set {EnvironmentVariable}");
    }
}
