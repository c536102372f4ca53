package upload

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime/debug"
)

const (
	// MaxSide is the longest side of an image accepted (a 48-megapixel
	// phone photo is 8000 px wide).
	MaxSide = 10_000
	// MaxDecoded bounds the memory one decoded image may take, computed
	// from its header (pixels × bytes per pixel of its colour model): a
	// 12-megapixel photo takes 18–36 MB, a phone screenshot about 10 MB.
	MaxDecoded = 48 << 20
	// freeAbove is the decoded size above which the memory is handed back
	// at once after an image is cleaned.
	freeAbove = 8 << 20
)

// decoding lets one image be decoded at a time in this process, so that
// concurrent uploads cannot add their decoded pictures up.
var decoding = make(chan struct{}, 1)

// CleanImage checks a JPEG or PNG by its header — dimensions and the
// memory its pixels would take — before decoding it, decodes it (a file
// whose signature says image but whose body is not one is refused), and
// re-encodes it in the same format. What comes back carries the picture
// only: EXIF (with GPS), XMP, comments, text chunks and anything appended
// after the image are gone. The error, in Vietnamese, completes a sentence
// starting with the file's name.
func CleanImage(data []byte) ([]byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("bị hỏng hoặc không phải ảnh JPEG, PNG đúng chuẩn, không đọc được")
	}
	if format != "jpeg" && format != "png" {
		return nil, errors.New("không phải ảnh JPEG hay PNG")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide {
		return nil, fmt.Errorf("có kích thước %d×%d điểm ảnh, quá giới hạn %d điểm mỗi chiều; hãy thu nhỏ ảnh rồi gửi lại", cfg.Width, cfg.Height, MaxSide)
	}
	cost := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel) / 2
	if cost > MaxDecoded {
		return nil, fmt.Errorf("có %d×%d điểm ảnh, quá lớn để xử lý (tối đa khoảng %d triệu điểm ảnh); hãy thu nhỏ ảnh rồi gửi lại",
			cfg.Width, cfg.Height, MaxDecoded/4/1_000_000)
	}
	decoding <- struct{}{}
	defer func() {
		// A large picture's pixels are garbage once re-encoded; collect
		// them before the next image is decoded, or the collector lets
		// several pictures' worth pile up (five 12-megapixel images in one
		// form went 130 MB above idle).
		if cost > freeAbove {
			debug.FreeOSMemory()
		}
		<-decoding
	}()
	img, err := decode(format, data)
	if err != nil {
		return nil, errors.New("bị hỏng (phần dữ liệu ảnh không đọc được), hoặc chỉ mang đuôi ảnh mà không phải ảnh")
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if format == "png" {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		return nil, errors.New("không ghi lại được")
	}
	return buf.Bytes(), nil
}

func decode(format string, data []byte) (image.Image, error) {
	if format == "png" {
		return png.Decode(bytes.NewReader(data))
	}
	return jpeg.Decode(bytes.NewReader(data))
}

// bytesPerPixel is twice what a decoded pixel of model m takes (halves
// keep 4:2:0 JPEG exact), with the colour models image/jpeg and image/png
// report; an unknown model counts as the largest.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 2
	case color.Gray16Model, color.Alpha16Model:
		return 4
	case color.YCbCrModel:
		return 6 // up to 4:4:4; 4:2:0 takes half of this
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 8
	case color.RGBA64Model, color.NRGBA64Model:
		return 16
	}
	if _, ok := m.(color.Palette); ok {
		return 2
	}
	return 16
}
