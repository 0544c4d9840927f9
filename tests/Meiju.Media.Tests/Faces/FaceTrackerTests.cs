using Meiju.Media.Faces;

namespace Meiju.Media.Tests;

public sealed class FaceTrackerTests
{
    [Fact]
    public void Steady_face_beats_larger_sporadic_false_positives()
    {
        var face = new FaceBox(100, 60, 80, 80, 0.9f);
        var frames = new List<IReadOnlyList<FaceBox>>();
        for (var f = 0; f < 10; f++)
        {
            var list = new List<FaceBox> { face with { X = 100 + f } };
            if (f % 4 == 1)
            {
                // A big texture hit in a corner, never twice in the same place.
                list.Add(new FaceBox(f * 10, 150, 120, 120, 0.9f));
            }

            frames.Add(list);
        }

        var boxes = FaceTracker.Track(frames, 320, 240, maxGap: 2);
        Assert.All(boxes, b => Assert.InRange(b!.Value.X, 98, 112));
    }

    [Fact]
    public void Short_gaps_are_filled_and_long_absences_are_not()
    {
        var face = new FaceBox(50, 50, 60, 60, 0.9f);
        IReadOnlyList<FaceBox> hit = [face];
        IReadOnlyList<FaceBox> miss = [];
        var frames = new List<IReadOnlyList<FaceBox>> { hit, miss, hit, hit, miss, miss, miss, miss, miss, miss };
        var boxes = FaceTracker.Track(frames, 320, 240, maxGap: 2);
        Assert.NotNull(boxes[1]);
        Assert.Equal(FaceTracker.FilledConfidence, boxes[1]!.Value.Confidence);
        Assert.NotNull(boxes[5]);
        Assert.Null(boxes[6]);
        Assert.Null(boxes[9]);
    }

    [Fact]
    public void No_candidates_no_boxes()
    {
        var boxes = FaceTracker.Track([[], []], 320, 240, maxGap: 3);
        Assert.All(boxes, b => Assert.Null(b));
    }
}
