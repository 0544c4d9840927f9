using Meiju.Features.Fer;

namespace Meiju.Features.Tests;

/// <summary>A fact that needs the npm facial-expression model (and optionally shared data paths).</summary>
public sealed class NeedsFerModelFactAttribute : FactAttribute
{
    public NeedsFerModelFactAttribute(params string[] sharedPaths)
    {
        if (!File.Exists(FerNetwork.DefaultModelPath))
        {
            Skip = $"npm model package not installed: {FerNetwork.DefaultModelPath} (run scripts/setup.sh)";
            return;
        }

        var data = new SharedDataFactAttribute(sharedPaths);
        Skip = data.Skip;
    }
}
