namespace Meiju.Data;

/// <summary>The three splits of the MEIJU layout.</summary>
public enum MeijuSplit
{
    /// <summary><c>Training_files.txt</c> (or <c>train_filelist.txt</c>).</summary>
    Train,

    /// <summary><c>Validation_files.txt</c> (or <c>valid_filelist.txt</c>).</summary>
    Valid,

    /// <summary><c>Testing_files.txt</c> (or <c>test_filelist.txt</c>); names only.</summary>
    Test,
}
