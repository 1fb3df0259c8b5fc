package newstext

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // for Asia/Tehran on machines without a zone database
	"unicode/utf8"
)

func tehran(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func readSample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/kayhan-88056.txt")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseSample(t *testing.T) {
	doc, err := Parse(readSample(t), tehran(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != "kayhan.ir" {
		t.Errorf("Source = %q, want %q", doc.Source, "kayhan.ir")
	}
	if doc.SourceID != "88056" {
		t.Errorf("SourceID = %q, want %q", doc.SourceID, "88056")
	}
	if want := "2021-02-27T23:08:00+03:30"; !doc.HasDate || doc.Date.Format(time.RFC3339) != want {
		t.Errorf("Date = %v (HasDate %v), want %s", doc.Date.Format(time.RFC3339), doc.HasDate, want)
	}
	if doc.Language != "" || doc.Author != "" || doc.Params != nil {
		t.Errorf("Language, Author, Params = %q, %q, %v, want none", doc.Language, doc.Author, doc.Params)
	}
	if want := "Officials Warn of Plot to Revive Terrorists"; doc.Title != want {
		t.Errorf("Title = %q, want %q", doc.Title, want)
	}
	if want := "Iran, Iraq Discuss Suspicious U.S. Moves"; doc.Subtitle != want {
		t.Errorf("Subtitle = %q, want %q", doc.Subtitle, want)
	}
	if want := (Dateline{Place: "TEHRAN", Agency: "Dispatches"}); doc.Dateline == nil || *doc.Dateline != want {
		t.Errorf("Dateline = %+v, want %+v", doc.Dateline, want)
	}
	if len(doc.Paragraphs) != 35 {
		t.Fatalf("got %d paragraphs, want 35", len(doc.Paragraphs))
	}
	if want := "Friday’s U.S. airstrikes"; !strings.HasPrefix(doc.Paragraphs[0], want) {
		t.Errorf("first paragraph = %q, want it to start with %q", doc.Paragraphs[0], want)
	}
	if want := "“America’s recent action"; !strings.HasPrefix(doc.Paragraphs[2], want) {
		t.Errorf("third paragraph = %q, want it to start with %q", doc.Paragraphs[2], want)
	}
	if want := "in policing works."; !strings.HasSuffix(doc.Paragraphs[34], want) {
		t.Errorf("last paragraph = %q, want it to end with %q", doc.Paragraphs[34], want)
	}
	if doc.TitleLine != 5 || doc.BodyLine != 9 {
		t.Errorf("TitleLine, BodyLine = %d, %d, want 5, 9", doc.TitleLine, doc.BodyLine)
	}

	text := doc.Title + "\n" + doc.Subtitle + "\n" + strings.Join(doc.Paragraphs, "\n")
	for _, c := range []struct {
		s    string
		want int
	}{
		{"“", 11},
		{"”", 11},
		{`"`, 0},
		{"'", 0},
		{"’", 28},
		{"--", 0},
	} {
		if n := strings.Count(text, c.s); n != c.want {
			t.Errorf("text has %d %q, want %d", n, c.s, c.want)
		}
	}
}

func TestParseDates(t *testing.T) {
	loc := tehran(t)
	plus1 := time.FixedZone("", 3600)
	for _, tt := range []struct {
		header string
		want   time.Time
	}{
		{"Publish Date: 27 Feb 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"Publish Date : 27 February 2021, 23:08", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date : 27 February 2021 - 23:08", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date: 27 February 2021 – 23:08", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date: 27 February 2021 23:08:05", time.Date(2021, 2, 27, 23, 8, 5, 0, loc)},
		{"Publish Date: 27 february 2021 - 7:08", time.Date(2021, 2, 27, 7, 8, 0, 0, loc)},
		{"Publish Date: 27th Feb. 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"Publish Date: February 27, 2021 23:08", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date: Feb 27, 2021 - 23:08:05", time.Date(2021, 2, 27, 23, 8, 5, 0, loc)},
		{"Publish Date: Sept. 3, 2021", time.Date(2021, 9, 3, 0, 0, 0, 0, loc)},
		{"Publish Date: February 27, 2021 at 11:08 pm", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date: February 27, 2021 12:30 AM", time.Date(2021, 2, 27, 0, 30, 0, 0, loc)},
		{"Publish Date: 2021-02-27", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"Publish Date: 2021-02-27 23:08", time.Date(2021, 2, 27, 23, 8, 0, 0, loc)},
		{"Publish Date: 2021-02-27T23:08:05", time.Date(2021, 2, 27, 23, 8, 5, 0, loc)},
		{"Publish Date: 2021-02-27T23:08:05+01:00", time.Date(2021, 2, 27, 23, 8, 5, 0, plus1)},
		{"Publish Date: 2021-02-27 23:08 +0100", time.Date(2021, 2, 27, 23, 8, 0, 0, plus1)},
		{"Publish Date: 2021-02-27T23:08:05Z", time.Date(2021, 2, 27, 23, 8, 5, 0, time.UTC)},
		{"Publish Date: 27 February 2021 - 23:08 GMT", time.Date(2021, 2, 27, 23, 8, 0, 0, time.UTC)},
		{"Publish Date: 29 February 2024", time.Date(2024, 2, 29, 0, 0, 0, 0, loc)},
		{"Date: 27 February 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"Published: 27 February 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"PUBLISH_DATE: 27 February 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
		{"publish-date : 27 February 2021", time.Date(2021, 2, 27, 0, 0, 0, 0, loc)},
	} {
		doc, err := Parse([]byte("kayhan.ir\n"+tt.header+"\nHeadline\n\nBody.\n"), loc)
		if err != nil {
			t.Errorf("%s: %v", tt.header, err)
			continue
		}
		if !doc.HasDate || !doc.Date.Equal(tt.want) || doc.Date.Format(time.RFC3339) != tt.want.Format(time.RFC3339) {
			t.Errorf("%s: Date = %s (HasDate %v), want %s", tt.header, doc.Date.Format(time.RFC3339), doc.HasDate, tt.want.Format(time.RFC3339))
		}
	}

	for _, value := range []string{
		"31 Febtember 2021",
		"31 February 2021",
		"29 February 2021",
		"0 February 2021",
		"2021-13-01",
		"2021-02-30",
		"27 February 21",
		"27 February 2021 - 24:00",
		"27 February 2021 - 23:60",
		"27 February 2021 - 23:08:61",
		"February 27, 2021 13:08 pm",
		"2021-02-27T23:08+15:00",
		"2021-02-27 +03:30",
		"Saturday",
		"27/02/2021",
	} {
		_, err := Parse([]byte("kayhan.ir\nNews ID: 1\nPublish Date: "+value+"\nHeadline\n"), loc)
		var perr *ParseError
		if !errors.As(err, &perr) || perr.Line != 3 || !strings.Contains(perr.Msg, "is not a date") {
			t.Errorf("date %q: got error %v, want a line 3 date error", value, err)
		}
	}
}

// A layoutTest is an article together with what Parse should make of it.
// Date is not compared: TestParseDates covers it.
type layoutTest struct {
	name string
	in   string
	want Document
}

var layoutTests = []layoutTest{
	{
		name: "persian",
		in: "kayhan.ir\n" +
			"News ID: 2045\n" +
			"Publish Date: 2021-02-27\n" +
			"Language: fa\n" +
			"تحریم‌ها باید فوراً لغو شود\n" +
			"\n" +
			"رئیس‌جمهور گفت: «آمریکا باید تحریم‌ها را لغو کند.»\n" +
			"وزیر خارجه نیز این را تکرار کرد.\n",
		want: Document{
			Source:   "kayhan.ir",
			SourceID: "2045",
			HasDate:  true,
			Language: "fa",
			Title:    "تحریم‌ها باید فوراً لغو شود",
			Paragraphs: []string{
				"رئیس‌جمهور گفت: «آمریکا باید تحریم‌ها را لغو کند.»",
				"وزیر خارجه نیز این را تکرار کرد.",
			},
			TitleLine: 5,
			BodyLine:  7,
		},
	},
	{
		name: "crlf",
		in:   "kayhan.ir\r\n\r\nNews ID: 7\r\nHeadline\r\n\r\nDeck\r\n\r\nTEHRAN -- First.\r\nSecond.\r\n",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "7",
			Title:      "Headline",
			Subtitle:   "Deck",
			Dateline:   &Dateline{Place: "TEHRAN"},
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  4,
			BodyLine:   8,
		},
	},
	{
		name: "lone cr",
		in:   "kayhan.ir\r\rNews ID: 7\rHeadline\r\rDeck\r\rTEHRAN -- First.\rSecond.",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "7",
			Title:      "Headline",
			Subtitle:   "Deck",
			Dateline:   &Dateline{Place: "TEHRAN"},
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  4,
			BodyLine:   8,
		},
	},
	{
		name: "bom and white space",
		in:   "\uFEFF  kayhan.ir \t\n \n\tNews ID : 7  \n  \t\nHeadline   \n\t\n  First paragraph.  \n\u00a0Second paragraph.\u00a0\n  \n",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "7",
			Title:      "Headline",
			Paragraphs: []string{"First paragraph.", "Second paragraph."},
			TitleLine:  5,
			BodyLine:   7,
		},
	},
	{
		name: "no headers",
		in:   "kayhan.ir\nHeadline\nBody.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"Body."},
			TitleLine:  2,
			BodyLine:   3,
		},
	},
	{
		name: "headline only",
		in:   "kayhan.ir\nNews ID: 1\nHeadline\n\n",
		want: Document{
			Source:    "kayhan.ir",
			SourceID:  "1",
			Title:     "Headline",
			TitleLine: 3,
		},
	},
	{
		name: "all headers",
		in: "kayhan.ir\n" +
			"Service: Politics\n" +
			"NEWS  ID:88056\n" +
			"\n" +
			"Author: Jane Doe\n" +
			"Tags: Iran, Iraq, U.S.\n" +
			"Language: EN_us\n" +
			"Source URL: https://kayhan.ir/en/news/88056\n" +
			"Empty:\n" +
			"Date:\n" +
			"Headline\n" +
			"Body.\n",
		want: Document{
			Source:   "kayhan.ir",
			SourceID: "88056",
			Language: "en-US",
			Author:   "Jane Doe",
			Title:    "Headline",
			Params: []Param{
				{Key: "Service", Value: "Politics", Line: 2},
				{Key: "Tags", Value: "Iran, Iraq, U.S.", Line: 6},
				{Key: "Source URL", Value: "https://kayhan.ir/en/news/88056", Line: 8},
				{Key: "Empty", Value: "", Line: 9},
			},
			Paragraphs: []string{"Body."},
			TitleLine:  11,
			BodyLine:   12,
		},
	},
	{
		name: "by",
		in:   "kayhan.ir\nBy: Staff Writer\nHeadline\nBody.",
		want: Document{
			Source:     "kayhan.ir",
			Author:     "Staff Writer",
			Title:      "Headline",
			Paragraphs: []string{"Body."},
			TitleLine:  3,
			BodyLine:   4,
		},
	},

	// Headlines with colons.
	{
		name: "colon headline before dateline",
		in:   "kayhan.ir\nNews ID: 1\nIran: Talks Resume in Vienna\n\nVIENNA (AFP) -- Talks resumed.\nMore.\n",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "1",
			Title:      "Iran: Talks Resume in Vienna",
			Dateline:   &Dateline{Place: "VIENNA", Agency: "AFP"},
			Paragraphs: []string{"Talks resumed.", "More."},
			TitleLine:  3,
			BodyLine:   5,
		},
	},
	{
		name: "colon headline before long paragraph",
		in:   "kayhan.ir\nNews ID: 1\nIran: Talks Resume\n" + long + "\nMore.\n",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "1",
			Title:      "Iran: Talks Resume",
			Paragraphs: []string{long, "More."},
			TitleLine:  3,
			BodyLine:   4,
		},
	},
	{
		name: "colon headline alone",
		in:   "kayhan.ir\nNews ID: 1\nIran: Talks Resume\n",
		want: Document{
			Source:    "kayhan.ir",
			SourceID:  "1",
			Title:     "Iran: Talks Resume",
			TitleLine: 3,
		},
	},
	{
		name: "colon headline without headers",
		in:   "kayhan.ir\n\nIran: Talks Resume\n\nTEHRAN -- Talks resumed.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Iran: Talks Resume",
			Dateline:   &Dateline{Place: "TEHRAN"},
			Paragraphs: []string{"Talks resumed."},
			TitleLine:  3,
			BodyLine:   5,
		},
	},
	{
		name: "colon headline with punctuated key",
		in:   "kayhan.ir\nNews ID: 1\nU.S.: Talks Resume\n\nIran’s View: Cautious\n\nFirst.\nSecond.",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "1",
			Title:      "U.S.: Talks Resume",
			Subtitle:   "Iran’s View: Cautious",
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  3,
			BodyLine:   7,
		},
	},
	{
		name: "unknown header before headline",
		in:   "kayhan.ir\nNews ID: 1\nSection: World\nTalks Resume\n\nTEHRAN -- First.\n",
		want: Document{
			Source:     "kayhan.ir",
			SourceID:   "1",
			Params:     []Param{{Key: "Section", Value: "World", Line: 3}},
			Title:      "Talks Resume",
			Dateline:   &Dateline{Place: "TEHRAN"},
			Paragraphs: []string{"First."},
			TitleLine:  4,
			BodyLine:   6,
		},
	},
	{
		name: "recognized header is never a headline",
		in:   "kayhan.ir\nAuthor: Talks Resume\n\nTEHRAN -- First.\n",
		want: Document{
			Source:    "kayhan.ir",
			Author:    "Talks Resume",
			Title:     "TEHRAN — First.",
			TitleLine: 4,
		},
	},

	// Deck or first paragraph.
	{
		name: "deck before consecutive body",
		in:   "kayhan.ir\nHeadline\n\nA deck ending in a full stop.\n\nFirst.\nSecond.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Subtitle:   "A deck ending in a full stop.",
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  2,
			BodyLine:   6,
		},
	},
	{
		name: "deck right under the headline",
		in:   "kayhan.ir\nHeadline\nDeck\n\nFirst.\nSecond.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Subtitle:   "Deck",
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  2,
			BodyLine:   5,
		},
	},
	{
		name: "deck before blank-separated body",
		in:   "kayhan.ir\nHeadline\n\nDeck Without a Full Stop\n\nFirst.\n\nSecond.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Subtitle:   "Deck Without a Full Stop",
			Paragraphs: []string{"First.", "Second."},
			TitleLine:  2,
			BodyLine:   6,
		},
	},
	{
		name: "deck before one paragraph",
		in:   "kayhan.ir\nHeadline\n\nDeck\n\nOnly.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Subtitle:   "Deck",
			Paragraphs: []string{"Only."},
			TitleLine:  2,
			BodyLine:   6,
		},
	},
	{
		name: "deck ending in a full stop before dateline",
		in:   "kayhan.ir\nHeadline\n\nThe talks resume.\n\nTEHRAN (IRNA) — First.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Subtitle:   "The talks resume.",
			Dateline:   &Dateline{Place: "TEHRAN", Agency: "IRNA"},
			Paragraphs: []string{"First."},
			TitleLine:  2,
			BodyLine:   6,
		},
	},
	{
		name: "no deck before consecutive body",
		in:   "kayhan.ir\nHeadline\n\nFirst.\nSecond.\nThird.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"First.", "Second.", "Third."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "no deck before blank-separated body",
		in:   "kayhan.ir\nHeadline\n\nFirst.\n\nSecond.\n\nThird.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"First.", "Second.", "Third."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "no deck before a quote",
		in:   "kayhan.ir\nHeadline\n\n\"We will not wait,\" he said.\n\n\"Never.\"\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"“We will not wait,” he said.", "“Never.”"},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "no deck when alone",
		in:   "kayhan.ir\nHeadline\n\nOnly line\n\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"Only line"},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "no deck when long",
		in:   "kayhan.ir\nHeadline\n\n" + long + "\n\nSecond.\nThird.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{long, "Second.", "Third."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "no deck when dateline",
		in:   "kayhan.ir\nHeadline\n\nTEHRAN -- First\n\nSecond.\nThird.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Dateline:   &Dateline{Place: "TEHRAN"},
			Paragraphs: []string{"First", "Second.", "Third."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},

	// Datelines.
	{
		name: "dateline with comma and hyphen",
		in:   "kayhan.ir\nHeadline\nWASHINGTON, D.C. (Press TV)--Officials said.\nAL-QAIM -- Not a dateline here.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Dateline:   &Dateline{Place: "WASHINGTON, D.C.", Agency: "Press TV"},
			Paragraphs: []string{"Officials said.", "AL-QAIM — Not a dateline here."},
			TitleLine:  2,
			BodyLine:   3,
		},
	},
	{
		name: "dateline en dash",
		in:   "kayhan.ir\nHeadline\nAL-QAIM – Officials said.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Dateline:   &Dateline{Place: "AL-QAIM"},
			Paragraphs: []string{"Officials said."},
			TitleLine:  2,
			BodyLine:   3,
		},
	},
	{
		name: "dateline before quote",
		in:   "kayhan.ir\nHeadline\nTEHRAN (Dispatches) -- \"No,\" he said.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Dateline:   &Dateline{Place: "TEHRAN", Agency: "Dispatches"},
			Paragraphs: []string{"“No,” he said."},
			TitleLine:  2,
			BodyLine:   3,
		},
	},
	{
		name: "not datelines",
		in: "kayhan.ir\nHeadline\n\n" +
			"Tehran (Dispatches) -- Lower case.\n" +
			"NATO said -- nothing.\n",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"Tehran (Dispatches) — Lower case.", "NATO said — nothing."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "bare dateline",
		in:   "kayhan.ir\nHeadline\n\nTEHRAN (Dispatches) --\nSecond.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"TEHRAN (Dispatches) —", "Second."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},
	{
		name: "empty agency",
		in:   "kayhan.ir\nHeadline\n\nTEHRAN ( ) -- First.\nSecond.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Headline",
			Paragraphs: []string{"TEHRAN ( ) — First.", "Second."},
			TitleLine:  2,
			BodyLine:   4,
		},
	},

	// Typography.
	{
		name: "quotes and dashes",
		in:   "kayhan.ir\nIran 'Ready' for \"Talks\"\n\n\"Maybe\" -- or 'not'\n\nShe said -- twice -- \"don't\".\nAgain.",
		want: Document{
			Source:     "kayhan.ir",
			Title:      "Iran ‘Ready’ for “Talks”",
			Subtitle:   "“Maybe” — or ‘not’",
			Paragraphs: []string{"She said — twice — “don’t”.", "Again."},
			TitleLine:  2,
			BodyLine:   6,
		},
	},
}

// long is a line too long to be a headline or a deck.
var long = strings.Repeat("This sentence is part of a long paragraph. ", 5) + "It ends here."

func TestParseLayouts(t *testing.T) {
	for _, tt := range layoutTests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			got := *doc
			got.Date = time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(&got), dump(&tt.want))
			}
		})
	}
}

// dump formats d for a test failure message, one field a line.
func dump(d *Document) string {
	dl := "<nil>"
	if d.Dateline != nil {
		dl = fmt.Sprintf("%+v", *d.Dateline)
	}
	return fmt.Sprintf("\tSource %q, SourceID %q, HasDate %v, Language %q, Author %q\n"+
		"\tParams %+v\n\tTitle %q (line %d)\n\tSubtitle %q\n\tDateline %s\n\tParagraphs %q (line %d)",
		d.Source, d.SourceID, d.HasDate, d.Language, d.Author,
		d.Params, d.Title, d.TitleLine, d.Subtitle, dl, d.Paragraphs, d.BodyLine)
}

var errorTests = []struct {
	name string
	in   string
	line int
	msg  string // a part of the message
}{
	{"empty", "", 1, "no source line"},
	{"blank", "\n  \r\n\t\n", 1, "no source line"},
	{"no source", "Officials Warn of Plot\n\nNews ID: 1\n", 1, `first line "Officials Warn of Plot" is not a source site`},
	{"url source", "https://kayhan.ir/en/news/88056\nNews ID: 1\nHeadline\n", 1, "is not a source site"},
	{"only source", "kayhan.ir\n", 2, "no headline"},
	{"only headers", "\nkayhan.ir\n\nNews ID: 88056\nPublish Date : 27 February 2021 - 23:08\n\n\n", 6, "no headline: the file ends after the headers"},
	{"bad date", "kayhan.ir\nNews ID: 88056\nPublish Date : 31 Febtember 2021\nHeadline\n", 3,
		`publish date "31 Febtember 2021" is not a date (expected e.g. "27 February 2021 - 23:08")`},
	{"bad language", "kayhan.ir\nLanguage: Persian\nHeadline\n", 2, `language "Persian" is not a language tag`},
	{"repeated header", "kayhan.ir\nDate: 27 Feb 2021\nNews ID: 1\nPublished: 28 Feb 2021\nHeadline\n", 4,
		`header "Published" repeats the publish date given on line 2`},
	{"invalid utf-8", "kayhan.ir\nNews ID: 1\nHeadline\n\nTEHRAN -- Good.\nBad \xff byte.\n", 6, "invalid UTF-8 (byte 0xff at column 5)"},
	{"invalid utf-8 crlf", "kayhan.ir\r\n\r\nHead\xc3line\r\n", 3, "invalid UTF-8 (byte 0xc3 at column 5)"},
	{"invalid utf-8 cr", "kayhan.ir\r\rHeadline\r\xe2\x80", 4, "invalid UTF-8 (byte 0xe2 at column 1)"},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.in), time.UTC)
			if err == nil {
				t.Fatalf("no error, got %+v", doc)
			}
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("error %v is a %T, want a *ParseError", err, err)
			}
			if perr.Line != tt.line || !strings.Contains(perr.Msg, tt.msg) {
				t.Errorf("error %q, want line %d with %q", err, tt.line, tt.msg)
			}
			if want := "line "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := Parse([]byte("kayhan.ir\nNews ID: 88056\nPublish Date : 31 Febtember 2021\nHeadline\n"), time.UTC)
	want := `line 3: publish date "31 Febtember 2021" is not a date (expected e.g. "27 February 2021 - 23:08")`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestParseNilLocation(t *testing.T) {
	doc, err := Parse([]byte("kayhan.ir\nDate: 2021-02-27 23:08\nHeadline\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2021, 2, 27, 23, 8, 0, 0, time.UTC); !doc.Date.Equal(want) || doc.Date.Location() != time.UTC {
		t.Errorf("Date = %v, want %v", doc.Date, want)
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{string(readSample(t)), true},
		{"kayhan.ir\nNews ID: 1\n", true},
		{"\uFEFF\r\n presstv.ir\r\n\r\nService: World\r\n\r\npublish date: x", true},
		{"www.kayhan.ir\rLanguage: fa\r", true},
		{"kayhan.ir\nService: World\nHeadline\n", false},
		{"kayhan.ir\nHeadline\nNews ID: 1", false},
		{"kayhan.ir\n", false},
		{"Officials Warn\nNews ID: 1\n", false},
		{"https://kayhan.ir\nNews ID: 1\n", false},
		{"kayhan\nNews ID: 1\n", false},
		{"# Title\n\nSome text.\n", false},
		{"---\ntitle: x\n---\n", false},
		{"", false},
		{"kayhan.ir\n" + strings.Repeat("\n", 5000) + "News ID: 1\n", false},
	} {
		if got := Sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("Sniff(%.40q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormLanguage(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"fa", "fa", true},
		{"FA", "fa", true},
		{"fa-IR", "fa-IR", true},
		{"EN_us", "en-US", true},
		{"zh-hant-tw", "zh-Hant-TW", true},
		{"de-1996", "de-1996", true},
		{"ast", "ast", true},
		{"Persian", "", false},
		{"e", "", false},
		{"en--US", "", false},
		{"en-", "", false},
		{"-en", "", false},
		{"en US", "", false},
		{"en-verylongsubtag", "", false},
		{"", "", false},
	} {
		got, ok := normLanguage(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normLanguage(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	// The sample cut after its fourth paragraph: the rest adds nothing the
	// fuzzer could use, and the fuzzer takes long to minimize big inputs.
	sample := readSample(f)
	for i, n := 0, 0; i < len(sample); i++ {
		if sample[i] == '\n' {
			if n++; n == 12 {
				sample = sample[:i+1]
				break
			}
		}
	}
	f.Add(sample)
	for _, tt := range layoutTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range errorTests {
		f.Add([]byte(tt.in))
	}
	loc := tehran(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data, loc)
		if err != nil {
			var perr *ParseError
			if !errors.As(err, &perr) || perr.Line < 1 {
				t.Fatalf("error %v (%T) is not a *ParseError with a line", err, err)
			}
			if !utf8.ValidString(perr.Msg) {
				t.Fatalf("error message %q is not valid UTF-8", perr.Msg)
			}
			return
		}
		if doc.Title == "" {
			t.Fatal("empty Title")
		}
		if doc.TitleLine < 2 || doc.BodyLine != 0 && doc.BodyLine <= doc.TitleLine {
			t.Fatalf("TitleLine, BodyLine = %d, %d", doc.TitleLine, doc.BodyLine)
		}
		if (doc.BodyLine == 0) != (len(doc.Paragraphs) == 0) {
			t.Fatalf("BodyLine %d with %d paragraphs", doc.BodyLine, len(doc.Paragraphs))
		}
		strs := []string{doc.Source, doc.SourceID, doc.Language, doc.Author, doc.Title, doc.Subtitle}
		strs = append(strs, doc.Paragraphs...)
		for _, p := range doc.Params {
			strs = append(strs, p.Key, p.Value)
		}
		if doc.Dateline != nil {
			strs = append(strs, doc.Dateline.Place, doc.Dateline.Agency)
		}
		for _, s := range strs {
			if !utf8.ValidString(s) {
				t.Fatalf("%q is not valid UTF-8", s)
			}
		}
		for _, s := range append([]string{doc.Title, doc.Subtitle}, doc.Paragraphs...) {
			if strings.ContainsAny(s, `"'`) {
				t.Fatalf("%q has straight quotes", s)
			}
		}
	})
}
