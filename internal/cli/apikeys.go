package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// apikey runs `canhgiac apikey add|list|revoke|rotate`.
func apikey(ctx context.Context, args []string, s IO) error {
	if len(args) == 0 {
		return usageError{errors.New("cách dùng: canhgiac apikey add|list|revoke|rotate …")}
	}
	switch args[0] {
	case "add":
		return apikeyAdd(ctx, args[1:], s)
	case "list":
		return apikeyList(ctx, args[1:], s)
	case "revoke", "rotate":
		return apikeyChange(ctx, args[0], args[1:], s)
	}
	return usageError{fmt.Errorf("lệnh apikey %q không có; dùng add, list, revoke hoặc rotate", args[0])}
}

var vnTime = vn.Zone

// apikeyList prints every key without its secret: number, prefix, unit,
// scopes, quota, today's use, created, last used, state.
func apikeyList(ctx context.Context, args []string, s IO) error {
	cfg, _, err := loadConfig("apikey list", args, s, (*config.Config).StorageFlags, nil)
	if err != nil {
		return err
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	ks, err := a.Auth.APIKeys(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SỐ\tKHÓA\tĐƠN VỊ\tQUYỀN\tHẠN MỨC/NGÀY\tHÔM NAY\tCẤP NGÀY\tDÙNG LẦN CUỐI\tTRẠNG THÁI")
	for _, k := range ks {
		last := "chưa dùng"
		if k.LastUsed != "" {
			if t, err := time.Parse("2006-01-02", k.LastUsed); err == nil {
				last = t.Format("02/01/2006")
			}
		}
		state := "đang dùng"
		if k.RevokedAt != nil {
			state = "đã thu hồi " + k.RevokedAt.In(vnTime).Format("02/01/2006 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", k.ID, k.Prefix, k.UnitCode, strings.Join(k.Scopes, ","), k.Quota, k.UsedToday,
			k.CreatedAt.In(vnTime).Format("02/01/2006"), last, state)
	}
	return tw.Flush()
}

// apikeyChange revokes a key, or rotates it (a new key with the same
// rights, printed once; the old one revoked).
func apikeyChange(ctx context.Context, what string, args []string, s IO) error {
	cfg, rest, err := loadConfig("apikey "+what, args, s, (*config.Config).StorageFlags, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{fmt.Errorf("cách dùng: canhgiac apikey %s SỐ|PHẦN_ĐẦU_KHÓA (xem canhgiac apikey list)", what)}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	if what == "revoke" {
		k, err := a.Auth.RevokeAPIKey(ctx, rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(s.Out, "đã thu hồi khóa %s… của %s; máy chủ đang chạy ngừng nhận khóa này trong vòng %s\n", k.Prefix, k.UnitName, fmt.Sprintf("%d giây", int(auth.KeyCacheTTL.Seconds())))
		return nil
	}
	k, secret, err := a.Auth.RotateAPIKey(ctx, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "đã đổi khóa; khóa cũ bị thu hồi (ngừng hiệu lực trong vòng %s)\nkhóa mới %s… (quyền: %s; hạn mức %d mục/ngày)\nkhóa (chỉ hiện một lần): %s\ndùng: Authorization: Bearer %s\n",
		fmt.Sprintf("%d giây", int(auth.KeyCacheTTL.Seconds())), k.Prefix, strings.Join(k.Scopes, ","), k.Quota, secret, secret)
	return nil
}
