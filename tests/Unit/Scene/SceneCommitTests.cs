using OrleansBridge.Cache;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Tests.Scene;

/// <summary>Transactions over an in-memory element store: atomic, validated, optimistic.</summary>
public sealed class SceneCommitTests
{
    private readonly Dictionary<ContentHash, SceneElement> _store = [];
    private SceneManifest _head = SceneManifest.Empty;

    private SceneCommitResult Commit(SceneChanges changes)
    {
        var result = SceneCommit.Apply(_head, changes, hash => _store[hash]);
        if (result.Committed)
        {
            foreach (var (hash, bytes) in result.NewElements)
            {
                Assert.Equal(ErrorCode.None, SceneCanonical.TryDeserialize(bytes, out var element, out _));
                _store[hash] = element!;
            }

            _head = result.Manifest;
        }

        return result;
    }

    private SceneChanges Begin() => new(_head);

    private void CommitValidScene()
    {
        var tx = Begin();
        foreach (var (name, element) in SceneValidatorTests.ValidScene())
        {
            tx.Put(name, element);
        }

        Assert.True(Commit(tx).Committed);
    }

    [Fact]
    public void Commit_ValidScene_HeadHasEveryElementByHash()
    {
        CommitValidScene();

        Assert.Equal(SceneValidatorTests.ValidScene().Count, _head.Elements.Count);
        Assert.Equal(SceneCanonical.Hash(SceneValidatorTests.ValidScene()["red"]), _head.Elements["red"]);
    }

    [Fact]
    public void Commit_AnyProblem_NothingAppliedAndEveryOffenderListed()
    {
        CommitValidScene();
        var before = _head.ComputeHash();
        var tx = Begin();
        tx.Put("red", new MaterialElement { MetallicFactor = 2 });
        tx.Remove("mesh"); // i-mesh now dangles.
        tx.Put("extra", new CameraElement(0.5f));

        var result = Commit(tx);

        Assert.False(result.Committed);
        Assert.Equal(before, _head.ComputeHash());
        Assert.Contains(result.Problems, p => p.Element == "red" && p.Code == ErrorCode.SceneElementInvalid);
        Assert.Contains(result.Problems, p => p.Element == "i-mesh" && p.Code == ErrorCode.SceneDanglingReference);
    }

    [Fact]
    public void Commit_ConcurrentUpdatesOfOneElement_LaterFailsWithConflict()
    {
        CommitValidScene();
        var first = Begin();
        var second = Begin();
        first.Put("red", new MaterialElement { RoughnessFactor = 0.2f });
        second.Put("red", new MaterialElement { RoughnessFactor = 0.9f });

        Assert.True(Commit(first).Committed);
        var late = Commit(second);

        Assert.False(late.Committed);
        Assert.Equal(ErrorCode.SceneConflict, Assert.Single(late.Problems).Code);
        Assert.Equal(SceneCanonical.Hash(new MaterialElement { RoughnessFactor = 0.2f }), _head.Elements["red"]);
    }

    [Fact]
    public void Commit_ConcurrentTransactionsOnDifferentElements_BothApplyInCommitOrder()
    {
        CommitValidScene();
        var first = Begin();
        var second = Begin();
        first.Put("red", new MaterialElement { RoughnessFactor = 0.2f });
        second.Put("cam", new CameraElement(1.2f));

        Assert.True(Commit(first).Committed);
        Assert.True(Commit(second).Committed);

        Assert.Equal(SceneCanonical.Hash(new CameraElement(1.2f)), _head.Elements["cam"]);
        Assert.Equal(SceneCanonical.Hash(new MaterialElement { RoughnessFactor = 0.2f }), _head.Elements["red"]);
    }

    [Fact]
    public void Commit_EqualScenesBuiltDifferently_EqualManifestHashes()
    {
        CommitValidScene();
        var viaEdits = _head.ComputeHash();
        var other = new SceneCommitTests();
        var tx = other.Begin();
        foreach (var (name, element) in SceneValidatorTests.ValidScene().Reverse())
        {
            tx.Put(name, element);
        }

        Assert.True(other.Commit(tx).Committed);
        Assert.Equal(viaEdits, other._head.ComputeHash());
    }
}
