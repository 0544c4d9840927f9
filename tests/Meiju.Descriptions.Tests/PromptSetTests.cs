namespace Meiju.Descriptions.Tests;

public sealed class PromptSetTests
{
    [Fact]
    public void The_default_is_the_seed_papers_three_prompts()
    {
        var p = PromptSet.Default.Prompts;
        Assert.Equal(["visual_description", "audio_description", "audio_intent"], p.Select(x => x.Stream));
        Assert.Equal([DescriptionModality.Vision, DescriptionModality.Audio, DescriptionModality.Audio], p.Select(x => x.Modality));
        Assert.Equal("Describe the audio", p[1].Text);
    }

    [Fact]
    public void Json_round_trips()
    {
        var parsed = PromptSet.Parse(PromptSet.Default.ToJson(), "default.json");

        Assert.Equal(PromptSet.Default.Name, parsed.Name);
        Assert.Equal(PromptSet.Default.Prompts, parsed.Prompts);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"prompts\": 3}", "\"prompts\" array")]
    [InlineData("{\"prompts\": [{\"stream\": \"a\", \"modality\": \"smell\", \"text\": \"t\"}]}", "modality 'smell'")]
    [InlineData("{\"prompts\": [{\"stream\": \"a\", \"modality\": \"audio\"}]}", "missing string \"text\"")]
    [InlineData("{\"prompts\": [{\"stream\": \"Bad Name\", \"modality\": \"audio\", \"text\": \"t\"}]}", "must match")]
    [InlineData("{\"prompts\": [{\"stream\": \"a\", \"modality\": \"audio\", \"text\": \"t\"}, {\"stream\": \"a\", \"modality\": \"vision\", \"text\": \"u\"}]}", "appears twice")]
    [InlineData("{\"prompts\": []}", "at least one prompt")]
    public void Bad_prompt_files_name_the_file_and_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<MeijuDataException>(() => PromptSet.Parse(json, "mine.json"));

        Assert.StartsWith("mine.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
