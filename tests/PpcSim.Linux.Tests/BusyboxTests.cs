using System.Text;
using PpcSim.TestSupport;

namespace PpcSim.Linux.Tests;

/// <summary>
/// Debian's static ppc64el busybox (tests/programs/fetch-busybox.sh): applets give the same
/// stdout and exit status under ppcsim as under qemu-ppc64le. Each side works in its own
/// scratch directory holding the same input files.
/// </summary>
[Collection(ProgramsCollection.Name)]
public sealed class BusyboxTests(ProgramsFixture programs)
{
    private static readonly Dictionary<string, string> s_env = new() { ["LANG"] = "C", ["PATH"] = "/bin:/usr/bin", ["HOME"] = "/tmp" };

    private static string Scratch(string tag)
    {
        var d = Tools.TempDir("bb-" + tag);
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++) text.Append($"{(i * 7919) % 3001} item{i % 97} {(i % 13 == 0 ? "thirteen" : "other")}\n");
        File.WriteAllText(Path.Combine(d, "data.txt"), text.ToString());
        File.WriteAllText(Path.Combine(d, "words.txt"), "pear\napple\nfig\napple\nbanana\nfig\nfig\ncherry\n");
        var bin = new byte[200_000];
        ulong x = 88172645463325252UL;
        for (int i = 0; i < bin.Length; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; bin[i] = (byte)(x % 7 == 0 ? x >> 8 : 'a' + x % 5); }
        File.WriteAllBytes(Path.Combine(d, "blob.bin"), bin);
        return d;
    }

    /// <summary>Runs the same sequence of busybox invocations on both sides; every step must agree.</summary>
    private void Agree(params (string[] Args, string? Stdin)[] steps)
    {
        string bb = programs.Busybox;
        var qd = Scratch("q");
        var sd = Scratch("s");
        foreach (var (args, stdin) in steps)
        {
            byte[]? input = stdin == null ? null : Encoding.UTF8.GetBytes(stdin);
            var q = GuestRunner.Qemu(bb, args, input, s_env, qd);
            var s = GuestRunner.Ppcsim(bb, args, input, s_env, sd);
            QemuAgreementTests.AssertSame(q, s, "busybox " + string.Join(' ', args));
        }
    }

    private void Agree(params string[] args) => Agree((args, null));

    [Fact]
    public void ShellBuiltins() => Agree("sh", "-c",
        "for i in 1 2 3; do echo \"i=$i\"; done; x=$((6*7)); echo $x; case abc in a*) echo match;; esac; " +
        "f() { echo \"args $#: $*\"; return 3; }; f a b c; echo rc=$?; printf '%05d|%s|%x\\n' 42 hi 255; " +
        "test 3 -gt 2 && echo yes; s=hello; echo ${#s} ${s%llo} ${s#he} ${s:1:3}; " +
        "n=0; while [ $n -lt 100 ]; do n=$((n+1)); done; echo n=$n; set -- p q r; shift; echo \"$@\"; " +
        "read a b <<EOF\nfirst second\nEOF\necho \"$b $a\"; exit 5");

    [Fact]
    public void ShellScriptFile() => Agree(
        (["sh", "-c", "echo 'total=0; for w in $(echo 1 2 3); do total=$((total+w)); done; echo $total' > s.sh; sh s.sh; . ./s.sh"], null),
        (["sh", "-c", "x=1; while read line; do x=$((x+1)); done; echo lines=$x"], "a\nb\nc\n"),
        (["sh", "s.sh"], null));

    /// <summary>Pipelines, command substitution and subshells: fork, pipes and wait4 between guest processes.</summary>
    [Fact]
    public void ShellPipelines() => Agree(
        (["sh", "-c", "echo $(echo sub) $(seq 3 | wc -l); seq 1 200 | sort -rn | head -3; " +
          "cat data.txt | grep thirteen | cut -d ' ' -f 1 | sort -n | tail -2; (cd /; pwd); pwd | wc -c; " +
          "false | true; echo rc=$?; ( exit 9 ); echo sub=$?; x=$(sh -c 'exit 4'); echo inner=$?; " +
          "gzip -c words.txt | gunzip | sha256sum; seq 5 | while read n; do echo \"$((n * n))\"; done | tr '\\n' ' '; echo"], null),
        (["sh", "-c", "sort words.txt | uniq -c | sort -rn > counts.txt; cat counts.txt; ls | sort; rm counts.txt; echo done"], null));

    [Fact]
    public void Hashes() => Agree(
        (["sha256sum", "data.txt", "blob.bin"], null),
        (["md5sum", "data.txt"], null),
        (["sha1sum", "blob.bin"], null),
        (["sha512sum", "words.txt"], null),
        (["crc32", "blob.bin"], null));

    [Fact]
    public void GzipRoundTrip() => Agree(
        (["gzip", "-k", "-9", "blob.bin"], null),
        (["sha256sum", "blob.bin.gz"], null),
        (["gzip", "-t", "blob.bin.gz"], null),
        (["gunzip", "-c", "blob.bin.gz"], null),
        (["gzip", "-c", "-1", "data.txt"], null),
        (["zcat", "blob.bin.gz"], null));

    [Fact]
    public void SortUniq() => Agree(
        (["sort", "data.txt"], null),
        (["sort", "-n", "-r", "data.txt"], null),
        (["sort", "-k", "2,2", "-s", "data.txt"], null),
        (["sort", "words.txt"], null),
        (["uniq", "-c"], "a\na\nb\nc\nc\nc\n"),
        (["sort", "-u", "words.txt"], null));

    [Fact]
    public void Awk() => Agree(
        // (No `print | "cmd"`: under qemu that command is the host's own /bin/sh, not the guest's.)
        (["awk", "{ n[$3]++; s += $1 } END { print \"thirteen\", n[\"thirteen\"], \"other\", n[\"other\"]; print \"sum\", s, NR }", "data.txt"], null),
        (["awk", "BEGIN { for (i = 0; i < 20; i++) f = f \" \" i * i; print f; printf \"%5.2f %s %d\\n\", 3.14159, toupper(\"abc\"), length(\"hello\") }"], null),
        (["awk", "-F", " ", "$1 > 2990 { print $2, $1 * 2 }", "data.txt"], null),
        (["awk", "{ gsub(/item/, \"X\"); if (NR % 500 == 0) print }", "data.txt"], null));

    [Fact]
    public void Sed() => Agree(
        (["sed", "-e", "s/item/ITEM/g", "-e", "/thirteen/d", "-e", "5q", "data.txt"], null),
        (["sed", "-n", "2,4p;$=", "words.txt"], null),
        (["sed", "s/\\([a-z]*\\)/<\\1>/", "words.txt"], null));

    [Fact]
    public void TextTools() => Agree(
        (["wc", "data.txt", "words.txt"], null),
        (["head", "-n", "5", "data.txt"], null),
        (["tail", "-n", "3", "data.txt"], null),
        (["cut", "-d", " ", "-f", "2", "words.txt"], null),
        (["tr", "a-z", "A-Z"], "hello world\n"),
        (["grep", "-c", "thirteen", "data.txt"], null),
        (["grep", "-n", "^fig", "words.txt"], null),
        (["od", "-A", "x", "-t", "x1z", "-N", "64", "blob.bin"], null),
        (["base64", "words.txt"], null),
        (["seq", "1", "3", "30"], null),
        (["expr", "7", "*", "6"], null),
        (["factor", "1234567890"], null),
        (["tac", "words.txt"], null),
        (["rev", "words.txt"], null),
        (["nl", "words.txt"], null));

    [Fact]
    public void FileTools() => Agree(
        (["mkdir", "-p", "d/e/f"], null),
        (["cp", "words.txt", "d/e/w"], null),
        (["mv", "d/e/w", "d/e/f/w2"], null),
        (["ls", "-1", "d/e/f"], null),
        (["find", ".", "-name", "*.txt"], null),
        (["cat", "d/e/f/w2"], null),
        (["tar", "-cf", "t.tar", "d"], null),
        (["tar", "-tf", "t.tar"], null),
        (["rm", "-r", "d"], null),
        (["tar", "-xf", "t.tar"], null),
        (["cmp", "words.txt", "d/e/f/w2"], null),
        (["du", "-s", "-k", "words.txt"], null),
        (["stat", "-c", "%s %F %n", "words.txt"], null),
        (["ls", "missing"], null));
}
