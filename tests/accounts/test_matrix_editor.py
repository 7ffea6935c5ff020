"""Row 11: super users edit the live permission matrix; edits take effect on the next request."""

import pytest
from django.urls import reverse

from phonlap.accounts import matrix, permissions
from phonlap.accounts.matrix_views import cell_field_name
from phonlap.accounts.models import PermissionCell
from phonlap.core.exceptions import PermissionDenied
from phonlap.core.models import AuditEvent
from tests import matrix_support as ms


@pytest.fixture
def world(db):
    return ms.build_world()


def matrix_post_data(**overrides):
    """The current matrix as form data, with ``{(row, role): scope}`` overrides."""
    cells = permissions.cells()
    data = {cell_field_name(row, role): scope for (row, role), scope in cells.items()}
    for (row, role), scope in overrides.get("cells", {}).items():
        data[cell_field_name(row, role)] = scope
    return data


@pytest.mark.parametrize("persona", [p for p in ms.PERSONAS if p not in (ms.SUPER_USER, ms.ANONYMOUS)])
def test_only_super_users_reach_the_editor(client, world, persona):
    client.force_login(world.users[persona])
    ms.assert_not_found(client.get(reverse("matrix:editor")), persona)
    ms.assert_not_found(client.post(reverse("matrix:editor"), matrix_post_data()), persona)
    ms.assert_not_found(client.post(reverse("matrix:reset")), persona)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("matrix:editor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_editor_is_an_accessible_table(client, world):
    client.force_login(world.users[ms.SUPER_USER])
    response = client.get(reverse("matrix:editor"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert html.count('<th scope="col">') == 1 + len(matrix.ROLES)
    assert html.count('<th scope="row">') == len(matrix.DEFAULT_MATRIX)
    selects = html.count("<select name=\"cell_")
    assert selects == len(matrix.DEFAULT_MATRIX) * len(matrix.ROLES)
    assert html.count('<label class="visually-hidden" for="id_cell_') == selects


def test_removing_staff_row_12_takes_staff_out_of_the_access_log(client, world):
    staff, superuser = world.users[ms.STAFF], world.users[ms.SUPER_USER]
    client.force_login(staff)
    assert client.get(reverse("matrix:access_log")).status_code == 200
    client.force_login(superuser)
    response = client.post(reverse("matrix:editor"),
                           matrix_post_data(cells={("12", "staff"): ""}))
    assert response.status_code == 302
    assert PermissionCell.objects.get(row="12", role="staff").scope == ""
    client.force_login(staff)
    assert client.get(reverse("matrix:access_log")).status_code == 404
    event = AuditEvent.objects.get(action="permission_matrix.cell_changed")
    assert event.kind == AuditEvent.Kind.STATE_CHANGE
    assert event.actor == superuser
    assert event.details == {"row": "12", "role": "staff", "old": "all", "new": ""}


def test_reset_restores_the_defaults_and_audits_each_change(client, world):
    superuser = world.users[ms.SUPER_USER]
    permissions.update_matrix(actor=superuser, changes={("3.3", "project_manager"): "own",
                                                        ("12", "staff"): ""})
    assert permissions.scopes("3.3", {"project_manager"}) == {"own"}
    client.force_login(superuser)
    assert client.post(reverse("matrix:reset")).status_code == 302
    assert permissions.cells() == matrix.default_cells()
    assert AuditEvent.objects.filter(action="permission_matrix.reset").count() == 2


def test_reset_refuses_get(client, world):
    client.force_login(world.users[ms.SUPER_USER])
    assert client.get(reverse("matrix:reset")).status_code == 405


def test_a_scope_not_in_the_list_is_a_form_error_and_changes_nothing(client, world):
    client.force_login(world.users[ms.SUPER_USER])
    response = client.post(reverse("matrix:editor"),
                           matrix_post_data(cells={("12", "staff"): "everything"}))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert PermissionCell.objects.get(row="12", role="staff").scope == "all"
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.STATE_CHANGE).exists()


def test_domain_refuses_a_non_super_user(world):
    with pytest.raises(PermissionDenied):
        permissions.update_matrix(actor=world.users[ms.STAFF], changes={("11", "staff"): "all"})
    assert permissions.scopes("11", {"staff"}) == set()


def test_rules_permissions_follow_the_live_matrix(world):
    staff, superuser = world.users[ms.STAFF], world.users[ms.SUPER_USER]
    assert superuser.has_perm("accounts.edit_matrix")
    assert not staff.has_perm("accounts.edit_matrix")
    assert staff.has_perm("accounts.view_access_log")
    permissions.update_matrix(actor=superuser, changes={("12", "staff"): ""})
    from phonlap.accounts.roles import forget_roles

    forget_roles(staff)
    assert not staff.has_perm("accounts.view_access_log")
