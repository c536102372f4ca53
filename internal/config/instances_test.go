package config

import (
	"strings"
	"testing"
	"time"
)

// Several instances: each is named apart by default (host and data
// folder) or by CANHGIAC_INSTANCE, and the campaign lease is read from
// CANHGIAC_CAMPAIGN_LEASE, a lease too short or too long refused in words.
func TestInstances_NameAndCampaignLease(t *testing.T) {
	a, b := Default(), Default()
	a.DataDir, b.DataDir = "/srv/cg1", "/srv/cg2"
	if a.InstanceName() == b.InstanceName() || !strings.HasSuffix(a.InstanceName(), ":/srv/cg1") {
		t.Fatalf("default names: %q, %q", a.InstanceName(), b.InstanceName())
	}
	env := map[string]string{"CANHGIAC_INSTANCE": "hcm-2", "CANHGIAC_CAMPAIGN_LEASE": "10s"}
	if err := a.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if a.InstanceName() != "hcm-2" || a.CampaignLease != 10*time.Second || a.Validate() != nil || !strings.Contains(a.String(), "instance=hcm-2 campaign_lease=10s") {
		t.Fatalf("from the environment: %q %s %v", a.InstanceName(), a.CampaignLease, a.Validate())
	}
	for _, bad := range []time.Duration{time.Second, time.Hour} {
		b.CampaignLease = bad
		if err := b.Validate(); err == nil || !strings.Contains(err.Error(), "CANHGIAC_CAMPAIGN_LEASE") || !strings.Contains(err.Error(), "chọn từ 3s đến 10m") {
			t.Errorf("lease %s: %v", bad, err)
		}
	}
}
