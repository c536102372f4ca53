package access

import "testing"

func TestMatrix_ContentAndQuizPermissions(t *testing.T) {
	cases := []struct {
		role Role
		perm Permission
		want bool
	}{
		{RoleEditor, ContentEdit, true},
		{RoleEditor, ContentReview, false}, // an editor never publishes alone
		{RoleEditor, QuizResults, false},
		{RoleCoordinator, ContentEdit, true},
		{RoleCoordinator, ContentReview, true},
		{RoleCoordinator, QuizResults, true},
		{RoleLeader, ContentEdit, false},
		{RoleLeader, ContentReview, true},
		{RoleLeader, QuizResults, true},
		{RoleOfficer, ContentEdit, false},
		{RoleOfficer, QuizResults, false},
		{RoleAnalyst, ContentEdit, false},
		{RoleAdmin, ContentReview, false},
		{Role("stranger"), ContentEdit, false}, // deny by default
	}
	for _, c := range cases {
		if got := c.role.Allows(c.perm); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.role, c.perm, got, c.want)
		}
	}
}
