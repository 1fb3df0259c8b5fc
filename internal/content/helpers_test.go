package content

import (
	"fmt"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func fmtAny(v any) string { return fmt.Sprint(v) }
