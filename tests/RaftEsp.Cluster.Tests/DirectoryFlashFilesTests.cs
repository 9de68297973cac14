using RaftEsp.Host;

namespace RaftEsp.Cluster.Tests;

/// <summary>A virtual board's flash: appends, atomic replaces, reopening, and names that are refused.</summary>
public sealed class DirectoryFlashFilesTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "raftesp-flash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();

    private static byte[] ReadAll(DirectoryFlashFiles files, string name)
    {
        byte[] buffer = new byte[Math.Max(0, files.Length(name))];
        Assert.Equal(buffer.Length, files.Read(name, 0, buffer, 0, buffer.Length));
        return buffer;
    }

    [Fact]
    public void A_missing_file_has_length_minus_one_and_reads_nothing()
    {
        using var files = new DirectoryFlashFiles(directory);
        Assert.Equal(-1, files.Length("raft.log"));
        Assert.Equal(0, files.Read("raft.log", 0, new byte[4], 0, 4));
    }

    [Fact]
    public void Appends_accumulate_and_survive_reopening()
    {
        using (var files = new DirectoryFlashFiles(directory))
        {
            files.Append("raft.log", Bytes(9, 1, 2, 3, 9), 1, 3);
            files.Append("raft.log", Bytes(4, 5), 0, 2);
            Assert.Equal(Bytes(1, 2, 3, 4, 5), ReadAll(files, "raft.log"));
        }

        using var reopened = new DirectoryFlashFiles(directory);
        Assert.Equal(5, reopened.Length("raft.log"));
        byte[] middle = new byte[3];
        Assert.Equal(3, reopened.Read("raft.log", 1, middle, 0, 3));
        Assert.Equal(Bytes(2, 3, 4), middle);
        Assert.Equal(1, reopened.Read("raft.log", 4, middle, 0, 3)); // short read at the end
        Assert.Equal(0, reopened.Read("raft.log", 5, middle, 0, 3));
    }

    [Fact]
    public void Replace_swaps_the_whole_file_and_later_appends_go_to_the_new_one()
    {
        using var files = new DirectoryFlashFiles(directory);
        files.Append("raft.log", Bytes(1, 2, 3, 4, 5, 6), 0, 6);
        files.Replace("raft.log", Bytes(7, 8), 0, 2);
        files.Append("raft.log", Bytes(9), 0, 1);
        Assert.Equal(Bytes(7, 8, 9), ReadAll(files, "raft.log"));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void A_replace_that_a_crash_cut_before_its_rename_leaves_the_old_file_and_its_leftover_is_removed()
    {
        using (var files = new DirectoryFlashFiles(directory))
            files.Replace("raft.snap", Bytes(1, 2, 3), 0, 3);

        // What a kill -9 between writing the temporary file and renaming it leaves behind.
        File.WriteAllBytes(Path.Combine(directory, "raft.snap.tmp"), Bytes(6, 6));
        using var reopened = new DirectoryFlashFiles(directory);
        Assert.Equal(Bytes(1, 2, 3), ReadAll(reopened, "raft.snap"));
        Assert.False(File.Exists(Path.Combine(directory, "raft.snap.tmp")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/file")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("raft.log.tmp")]
    public void Names_with_a_path_or_the_temporary_suffix_are_refused(string name)
    {
        using var files = new DirectoryFlashFiles(directory);
        Assert.Throws<ArgumentException>(() => files.Append(name, Bytes(1), 0, 1));
        Assert.Empty(Directory.GetFiles(directory));
    }
}
