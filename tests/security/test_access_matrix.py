"""Access matrix (issue 7 point 2): every API operation and every page, asked by every demo role and by an
anonymous visitor, against the demo region (`seed_demo --employees 200`).

The whole contract is the one table `MATRIX` below. Each row is one request (method and path; `{name}`
stands for an object made by `build_objects`); each column is the status the role must get:

    200, 201, 202, 204, 400, 401, 403, 404, 405, 409  the HTTP status
    L    302 redirect to a login page (/masuk/, or the admin's)
    R    302 redirect anywhere else (a page form posted and sent back to its page)

API rows are asked with the role's token (as other systems call), pages with a session. Bodies of the
writes are valid input (`bodies`), so a role that may act gets its 2xx, or the business answer (400/409)
when the object's state does not allow it, and a role that may not gets 403, or 404 when it may not even
see the object. Object rows come in pairs or triples so that no role reads or changes what is outside its
reach (IDOR): `*_own` is pegawai's own object (draft transfer, SKP, document), `*_foreign` someone else's
(a request from Dinas Pendidikan to Dinas Sosial, where no persona works; the SKP of the head of Dinas
Perhubungan), `*_max` the highest id + 1, what an attacker guessing ids tries (404, or 403 for a role
refused the whole endpoint). Every refused write (4xx, or a bounce to the login page) must leave the audit
trail exactly as it was; every request runs in a savepoint that is rolled back, so cells are independent.
A failure lists every differing cell at once. To review a new row, `ACCESS_MATRIX_DUMP=/tmp/m.txt` writes
the observed table in the same layout.

Completeness: the API operations of the OpenAPI schema (`/api/schema/`) and the page routes of the URL
resolver are compared with the table; an operation or page without a row fails the test, so a new endpoint
cannot slip in untested. tests/security/test_permission_first.py sends bodies that are not valid to every
API write, for every role a row refuses there: the same 403/404, before any input check.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Max
from django.test import Client, override_settings
from django.urls import get_resolver, resolve
from django.utils import timezone

ROLES = (
    "admin",
    "bkpsdm",
    "walikota",
    "sekda",
    "kadinkes",
    "kadishub",
    "atasan",
    "pegawai",
    "tpk",
    "auditor",
)
COLUMNS = (*ROLES, "anon")
DEMO_EMPLOYEES = 200
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# fmt: off
# Columns: admin bkpsdm walikota sekda kadinkes kadishub atasan pegawai tpk auditor anonymous
MATRIX = """
# --- core ---------------------------------------------------------------------------------------
POST /api/v1/auth/token/                                           200 200 200 200 200 200 200 200 200 200 200
GET  /api/v1/audit-events/                                         200 200 200 403 403 403 403 403 403 200 401
POST /api/v1/auth/logout/                                          204 204 204 204 204 204 204 204 204 204 401
# --- organisation (public inside the government) ------------------------------------------------
GET  /api/v1/agencies/                                             200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/agencies/{agency_dinkes}/                             200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/agencies/{agency_max}/                                404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/units/                                                200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/units/{unit}/                                         200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/units/{unit_max}/                                     404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/positions/                                            200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/positions/{position}/                                 200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/positions/{position_max}/                             404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/employees/                                            200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/employees/me/                                         404 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/employees/{employee_own}/                             200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/employees/{employee_foreign}/                         200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/employees/{employee_max}/                             404 404 404 404 404 404 404 404 404 404 401
# --- workload analysis (ABK) --------------------------------------------------------------------
GET  /api/v1/workload/tasks/                                       200 200 200 200 200 200 403 403 403 200 401
GET  /api/v1/workload/runs/                                        200 200 200 200 200 200 403 403 403 200 401
POST /api/v1/workload/runs/                                        202 202 403 403 403 403 403 403 403 403 401
GET  /api/v1/workload/runs/{run}/                                  200 200 200 200 200 200 403 403 403 200 401
GET  /api/v1/workload/runs/{run_max}/                              404 404 404 404 404 404 403 403 403 404 401
GET  /api/v1/workload/results/                                     200 200 200 200 200 200 403 403 403 200 401
GET  /api/v1/workload/agencies/                                    200 200 200 200 200 200 403 403 403 200 401
# --- appraisals (SKP) ---------------------------------------------------------------------------
GET  /api/v1/appraisals/                                           200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/appraisals/                                           400 400 403 403 403 403 403 400 403 403 401
GET  /api/v1/appraisals/{appraisal_own}/                           200 200 200 200 404 200 200 200 404 200 401
GET  /api/v1/appraisals/{appraisal_foreign}/                       200 200 200 200 404 200 404 404 404 200 401
GET  /api/v1/appraisals/{appraisal_max}/                           404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/appraisals/{appraisal_own}/result-plans/              403 403 403 403 404 403 403 409 404 403 401
POST /api/v1/appraisals/{appraisal_foreign}/result-plans/          403 403 403 403 404 201 404 404 404 403 401
POST /api/v1/appraisals/{appraisal_own}/submit/                    403 403 403 403 404 403 403 409 404 403 401
POST /api/v1/appraisals/{appraisal_foreign}/submit/                403 403 403 403 404 200 404 404 404 403 401
POST /api/v1/appraisals/{appraisal_own}/agree/                     403 403 403 403 404 403 409 403 404 403 401
POST /api/v1/appraisals/{appraisal_own}/return/                    403 403 403 403 404 403 409 403 404 403 401
POST /api/v1/appraisals/{appraisal_own}/feedback/                  403 403 403 403 404 403 200 403 404 403 401
POST /api/v1/appraisals/{appraisal_foreign}/feedback/              403 403 403 409 404 403 404 404 404 403 401
POST /api/v1/appraisals/{appraisal_own}/rate/                      403 403 403 403 404 403 200 403 404 403 401
POST /api/v1/appraisals/{appraisal_foreign}/rate/                  403 403 403 409 404 403 404 404 404 403 401
POST /api/v1/appraisals/{appraisal_own}/acknowledge/               403 403 403 403 404 403 403 409 404 403 401
POST /api/v1/appraisals/{appraisal_own}/object/                    403 403 403 403 404 403 403 409 404 403 401
POST /api/v1/appraisals/{appraisal_own}/finalise/                  409 409 403 403 404 403 403 403 404 403 401
POST /api/v1/appraisals/{appraisal_max}/finalise/                  404 404 404 404 404 404 404 404 404 404 401
DELETE /api/v1/result-plans/{result_plan_own}/                       403 403 403 403 404 403 403 409 404 403 401
DELETE /api/v1/result-plans/{result_plan_foreign}/                   403 403 403 403 404 204 404 404 404 403 401
POST /api/v1/indicators/{indicator_own}/realise/                   403 403 403 403 404 403 403 200 404 403 401
POST /api/v1/indicators/{indicator_foreign}/realise/               403 403 403 403 404 409 404 404 404 403 401
GET  /api/v1/appraisal-periods/                                    200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/appraisal-periods/                                    201 201 403 403 403 403 403 403 403 403 401
POST /api/v1/appraisal-periods/{period}/batches/                   202 202 403 403 403 403 403 403 403 403 401
POST /api/v1/appraisal-periods/{period}/finalise/                  400 400 403 403 403 403 403 403 403 403 401
GET  /api/v1/appraisal-batches/{batch}/                            200 200 403 403 403 403 403 403 403 200 401
GET  /api/v1/appraisal-batches/{batch_max}/                        404 404 403 403 403 403 403 403 403 404 401
GET  /api/v1/organisation-performances/                            200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/organisation-performances/                            201 201 403 403 403 403 403 403 403 403 401
GET  /api/v1/appraisal-distribution/?agency={agency_dinkes}        200 200 200 200 200 403 403 403 403 200 401
GET  /api/v1/appraisal-distribution/?agency={agency_dishub}        200 200 200 200 403 200 403 403 403 200 401
GET  /api/v1/appraisal-distribution/                               400 400 400 200 200 200 403 403 403 400 401
GET  /api/v1/appraisal-distribution/?agency={agency_max}          404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/team-goals/                                           200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/team-goals/                                           201 201 403 403 201 403 403 403 403 403 401
GET  /api/v1/team-goals/{team_goal}/                               200 200 200 200 200 404 404 404 404 200 401
GET  /api/v1/team-goals/{team_goal_max}/                           404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/team-goals/{team_goal}/realise/                       200 200 403 403 200 404 404 404 404 403 401
# --- talent management (talenta) ---------------------------------------------------------------
GET  /api/v1/talenta/grids/                                        200 200 200 200 200 200 403 403 200 200 401
POST /api/v1/talenta/grids/                                        202 202 403 403 403 403 403 403 403 403 401
GET  /api/v1/talenta/grids/{talent_grid}/                          200 200 200 200 200 200 403 403 200 200 401
GET  /api/v1/talenta/grids/{talent_grid_max}/                      404 404 404 404 404 404 403 403 404 404 401
GET  /api/v1/talenta/grids/{talent_grid}/entries/?box=9            200 200 200 200 200 200 403 403 200 200 401
GET  /api/v1/talenta/entries/{talent_entry_own}/                   200 200 200 200 404 200 404 200 200 200 401
GET  /api/v1/talenta/entries/{talent_entry_foreign}/               200 200 200 200 404 404 404 404 200 200 401
GET  /api/v1/talenta/entries/{talent_entry_max}/                   404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/talenta/me/                                           404 200 404 200 200 200 200 200 200 200 401
GET  /api/v1/talenta/development/                                  200 200 200 200 200 200 403 403 200 200 401
GET  /api/v1/talenta/development/employees/?action=coaching        200 200 200 200 200 200 403 403 200 200 401
GET  /api/v1/talenta/key-posts/                                    200 200 200 200 403 403 403 403 200 200 401
POST /api/v1/talenta/key-posts/{key_post}/plans/                   201 201 403 403 403 403 403 403 403 403 401
GET  /api/v1/talenta/succession-plans/{succession_plan}/           200 200 200 200 403 403 403 403 200 200 401
GET  /api/v1/talenta/succession-plans/{succession_plan_max}/       404 404 404 404 403 403 403 403 404 404 401
POST /api/v1/talenta/succession-plans/{succession_plan}/confirm/   200 200 403 403 403 403 403 403 403 403 401
# --- transfers ----------------------------------------------------------------------------------
GET  /api/v1/transfers/                                            200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/transfers/                                            201 201 403 403 403 201 403 201 403 403 401
GET  /api/v1/transfers/eligibility/                                400 400 400 400 400 400 400 400 400 400 401
GET  /api/v1/transfers/eligibility/?employee={employee_own}&destination_position={destination} 200 200 200 200 404 200 200 200 404 200 401
GET  /api/v1/transfers/eligibility/?employee={employee_foreign}&destination_position={destination} 200 200 200 200 404 404 404 404 404 200 401
GET  /api/v1/transfers/inbox/                                      200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/transfers/{transfer_own}/                             200 200 200 200 200 200 404 200 404 200 401
GET  /api/v1/transfers/{transfer_review}/                          200 200 200 200 200 200 404 404 404 200 401
GET  /api/v1/transfers/{transfer_foreign}/                         200 200 200 200 404 404 404 404 404 200 401
GET  /api/v1/transfers/{transfer_max}/                             404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/transfers/{transfer_own}/submit/                      400 400 403 403 403 403 404 400 404 403 401
POST /api/v1/transfers/{transfer_foreign}/submit/                  409 409 403 403 404 404 404 404 404 403 401
POST /api/v1/transfers/{transfer_review}/approve/                  403 403 403 403 403 200 404 404 404 403 401
POST /api/v1/transfers/{transfer_foreign}/approve/                 403 403 403 403 404 404 404 404 404 403 401
POST /api/v1/transfers/{transfer_max}/approve/                     404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/transfers/{transfer_review}/reject/                   403 403 403 403 403 200 404 404 404 403 401
POST /api/v1/transfers/{transfer_review}/return/                   403 403 403 403 403 200 404 404 404 403 401
POST /api/v1/transfers/{transfer_own}/withdraw/                    200 200 403 403 403 403 404 200 404 403 401
POST /api/v1/transfers/{transfer_foreign}/withdraw/                200 200 403 403 404 404 404 404 404 403 401
POST /api/v1/transfers/{transfer_foreign}/milestones/              400 400 403 403 403 403 403 403 403 403 401
GET  /api/v1/transfers/{transfer_own}/attachments/                 200 200 200 200 200 200 404 200 404 200 401
GET  /api/v1/transfers/{transfer_foreign}/attachments/             200 200 200 200 404 404 404 404 404 200 401
POST /api/v1/transfers/{transfer_own}/attachments/                 201 201 403 403 403 403 404 201 404 403 401
POST /api/v1/transfers/{transfer_foreign}/attachments/             201 201 403 403 404 404 404 404 404 403 401
GET  /api/v1/transfers/{transfer_own}/audit/                       200 200 200 200 200 200 404 200 404 200 401
GET  /api/v1/transfers/{transfer_foreign}/audit/                   200 200 200 200 404 404 404 404 404 200 401
GET  /api/v1/attachments/{attachment_own}/download/                200 200 200 200 200 200 404 200 404 200 401
GET  /api/v1/attachments/{attachment_foreign}/download/            200 200 200 200 404 404 404 404 404 200 401
GET  /api/v1/attachments/{attachment_max}/download/                404 404 404 404 404 404 404 404 404 404 401
# Issue 21: a Dishub employee's objection to a move kadishub proposed (waiting at origin_head). The
# answer is for whoever sees the request; the objection's document only for HR and the deciders.
GET  /api/v1/transfers/{transfer_consult}/consultation/            200 200 200 200 200 200 404 404 404 200 401
POST /api/v1/transfers/{transfer_consult}/consultation/            403 403 403 403 403 403 404 404 404 403 401
POST /api/v1/transfers/{transfer_consult}/consultation/override/   409 409 403 403 403 403 403 403 403 403 401
GET  /api/v1/transfers/{transfer_foreign}/consultation/            404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/attachments/{attachment_objection}/download/          200 200 200 200 200 200 404 404 404 404 401
GET  /api/v1/decrees/                                              200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/decrees/                                              409 409 403 403 403 403 403 403 403 403 401
GET  /api/v1/decrees/{decree}/                                     200 200 200 200 200 200 404 404 404 200 401
GET  /api/v1/decrees/{decree_max}/                                 404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/decrees/{decree}/pdf/                                 200 200 200 200 200 200 404 404 404 200 401
GET  /api/v1/decrees/{decree_max}/pdf/                             404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/decrees/{decree_draft}/                               200 200 404 404 404 404 404 404 404 200 401
GET  /api/v1/decrees/{decree_draft}/pdf/                           200 200 404 404 404 404 404 404 404 200 401
POST /api/v1/decrees/{decree_draft}/issue/                         200 200 403 403 403 403 403 403 403 403 401
POST /api/v1/decrees/{decree}/issue/                               409 409 403 403 403 403 403 403 403 403 401
POST /api/v1/decrees/{decree_max}/issue/                           404 404 403 403 403 403 403 403 403 403 401
POST /api/v1/decrees/{decree_draft}/discard/                       204 204 403 403 403 403 403 403 403 403 401
POST /api/v1/decrees/{decree}/discard/                             409 409 403 403 403 403 403 403 403 403 401
GET  /api/v1/decrees/signing-queue/                                200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/decrees/sign/                                         403 403 200 403 403 403 403 403 403 403 401
GET  /api/v1/verification/{verify_token}/                          200 200 200 200 200 200 200 200 200 200 200
GET  /api/v1/verification/{verify_token_unknown}/                  404 404 404 404 404 404 404 404 404 404 404
POST /api/v1/verification/{verify_token}/                          200 200 200 200 200 200 200 200 200 200 200
POST /api/v1/verification/{verify_token_unknown}/                  404 404 404 404 404 404 404 404 404 404 404
POST /api/v1/transfers/{transfer_own}/cancel/                      409 409 403 403 403 403 404 403 404 403 401
POST /api/v1/transfers/{transfer_foreign}/cancel/                  409 409 403 403 404 404 404 404 404 403 401
GET  /api/v1/evaluations/                                          200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/evaluations/{evaluation}/                             200 200 200 200 200 404 404 404 404 200 401
GET  /api/v1/evaluations/{evaluation_max}/                         404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/evaluations/{evaluation}/head/                        403 403 403 403 409 404 404 404 404 403 401
POST /api/v1/evaluations/{evaluation}/employee/                    403 403 403 403 403 404 404 404 404 403 401
GET  /api/v1/delegations/                                          200 200 200 200 200 200 200 200 200 200 401
POST /api/v1/delegations/                                          201 201 403 403 403 201 403 403 403 403 401
POST /api/v1/delegations/{delegation}/end/                         200 200 403 403 404 200 403 404 404 403 401
# --- standing preferences and circumstances (issue 21): the employee, HR, the deciders of their move --
GET  /api/v1/preferences/                                          200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/preferences/?employee={employee_review}               200 200 200 200 200 200 404 404 404 404 401
GET  /api/v1/preferences/?employee={employee_foreign}              200 200 200 200 404 404 404 404 404 404 401
POST /api/v1/preferences/                                          403 201 201 201 201 201 201 201 201 201 401
DELETE /api/v1/preferences/{preference_own}/                         403 403 404 404 404 404 404 204 404 404 401
DELETE /api/v1/preferences/{preference_max}/                         404 404 404 404 404 404 404 404 404 404 401
GET  /api/v1/circumstances/                                        200 200 200 200 200 200 200 200 200 200 401
GET  /api/v1/circumstances/?employee={employee_review}             200 200 200 200 200 200 404 404 404 404 401
POST /api/v1/circumstances/                                        403 201 201 201 201 201 201 201 201 201 401
DELETE /api/v1/circumstances/{circumstance_own}/                     403 403 404 404 404 404 404 204 404 404 401
GET  /api/v1/circumstances/{circumstance_own}/document/            200 200 404 404 404 404 404 200 404 404 401
POST /api/v1/circumstances/{circumstance_own}/document/            403 403 404 404 404 404 404 200 404 404 401
GET  /api/v1/circumstances/{circumstance_review}/document/         200 200 200 200 200 200 404 404 404 404 401
GET  /api/v1/circumstances/{circumstance_foreign}/document/        200 200 200 200 404 404 404 404 404 404 401
GET  /api/v1/circumstances/{circumstance_max}/document/            404 404 404 404 404 404 404 404 404 404 401
POST /api/v1/delegations/{delegation_max}/end/                     404 404 404 404 404 404 404 404 404 404 401
# --- transfer plans -----------------------------------------------------------------------------
GET  /api/v1/plans/                                                200 200 200 200 403 403 403 403 403 200 401
POST /api/v1/plans/                                                202 202 403 403 403 403 403 403 403 403 401
GET  /api/v1/plans/{plan}/                                         200 200 200 200 403 403 403 403 403 200 401
GET  /api/v1/plans/{plan_max}/                                     404 404 404 404 403 403 403 403 403 404 401
GET  /api/v1/plans/{plan}/items/                                   200 200 200 200 403 403 403 403 403 200 401
POST /api/v1/plans/{plan}/apply/                                   400 400 403 403 403 403 403 403 403 403 401
POST /api/v1/plans/{plan}/resolve/                                 202 202 403 403 403 403 403 403 403 403 401
POST /api/v1/plans/{plan}/items/{plan_item}/remove/                200 200 403 403 403 403 403 403 403 403 401
POST /api/v1/plans/{plan}/items/{plan_item}/pin/                   200 200 403 403 403 403 403 403 403 403 401
POST /api/v1/plans/{plan}/items/{plan_item}/unpin/                 409 409 403 403 403 403 403 403 403 403 401
POST /api/v1/plans/{plan}/items/{plan_item_max}/pin/               404 404 403 403 403 403 403 403 403 403 401
# --- schema and docs ----------------------------------------------------------------------------
GET  /api/schema/                                                  200 200 200 200 200 200 200 200 200 200 200
GET  /api/docs/                                                    200 200 200 200 200 200 200 200 200 200 200
# --- pages: shell and organisation --------------------------------------------------------------
GET  /                                                             R   R   R   R   R   R   R   R   R   R   L
GET  /masuk/                                                       R   R   R   R   R   R   R   R   R   R   200
GET  /keluar/                                                      405 405 405 405 405 405 405 405 405 405 405
GET  /lupa-sandi/                                                  200 200 200 200 200 200 200 200 200 200 200
GET  /lupa-sandi/terkirim/                                         200 200 200 200 200 200 200 200 200 200 200
GET  /atur-sandi/MQ/tautan-palsu/                                  200 200 200 200 200 200 200 200 200 200 200
GET  /atur-sandi/selesai/                                          200 200 200 200 200 200 200 200 200 200 200
GET  /ganti-sandi/                                                 200 200 200 200 200 200 200 200 200 200 L
GET  /ganti-sandi/selesai/                                         200 200 200 200 200 200 200 200 200 200 L
GET  /healthz/                                                     200 200 200 200 200 200 200 200 200 200 200
GET  /notifikasi/                                                  200 200 200 200 200 200 200 200 200 200 L
GET  /panduan/                                                     200 200 200 200 200 200 200 200 200 200 200
GET  /jejak-audit/                                                 200 200 200 403 403 403 403 403 403 200 L
GET  /jejak-audit/?flagged=1&q=x                                   200 200 200 403 403 403 403 403 403 200 L
GET  /jejak-audit/unduh/                                           200 200 200 403 403 403 403 403 403 200 L
GET  /profil/                                                      200 200 200 200 200 200 200 200 200 200 L
GET  /opd/                                                         200 200 200 200 200 200 200 200 200 200 L
GET  /opd/{agency_dinkes}/                                         200 200 200 200 200 200 200 200 200 200 L
GET  /opd/{agency_max}/                                            404 404 404 404 404 404 404 404 404 404 L
GET  /admin/                                                       200 200 L   L   L   L   L   L   L   L   L
# --- pages: workload dashboards -----------------------------------------------------------------
GET  /dasbor/                                                      R   R   R   200 200 200 403 403 403 R   L
GET  /dasbor/opd/{agency_dinkes}/                                  200 200 200 200 200 403 403 403 403 200 L
GET  /dasbor/opd/{agency_dishub}/                                  200 200 200 200 403 200 403 403 403 200 L
GET  /dasbor/opd/{agency_max}/                                     404 404 404 404 403 403 403 403 403 404 L
GET  /ikhtisar/                                                    200 200 200 200 403 403 403 403 403 200 L
GET  /ikhtisar/ekspor/{run}/                                       200 200 200 200 200 200 403 403 403 200 L
GET  /ikhtisar/ekspor/{run}/?opd={agency_dinkes}                   200 200 200 200 200 403 403 403 403 200 L
GET  /ikhtisar/ekspor/{run_max}/                                   404 404 404 404 404 404 403 403 403 404 L
# --- pages: performance (kinerja) ---------------------------------------------------------------
GET  /kinerja/                                                     200 200 200 200 200 200 200 200 200 200 L
POST /kinerja/buat/                                                R   R   R   R   R   R   R   R   R   R   L
GET  /kinerja/skp/{appraisal_own}/                                 200 200 200 200 404 200 200 200 404 200 L
GET  /kinerja/skp/{appraisal_foreign}/                             200 200 200 200 404 200 404 404 404 200 L
GET  /kinerja/skp/{appraisal_max}/                                 404 404 404 404 404 404 404 404 404 404 L
GET  /kinerja/bukti/{indicator_max}/                               404 404 404 404 404 404 404 404 404 404 L
POST /kinerja/skp/{appraisal_own}/umpan-balik/                     403 403 403 403 404 403 R   403 404 403 L
POST /kinerja/skp/{appraisal_foreign}/umpan-balik/                 403 403 403 R   404 403 404 404 404 403 L
GET  /kinerja/penilaian/                                           200 200 200 200 200 200 200 200 200 200 L
GET  /kinerja/kriteria/                                            200 200 200 200 200 200 200 200 200 200 L
GET  /kinerja/distribusi/                                          200 200 200 200 200 200 403 403 403 200 L
GET  /kinerja/distribusi/?opd={agency_dinkes}                      200 200 200 200 200 403 403 403 403 200 L
GET  /kinerja/distribusi/?opd={agency_dishub}                      200 200 200 200 403 200 403 403 403 200 L
GET  /kinerja/distribusi/?opd={agency_max}                         404 404 404 404 404 404 404 404 404 404 L
GET  /kinerja/target-tim/                                          200 200 200 200 200 200 200 200 200 200 L
POST /kinerja/target-tim/{team_goal}/realisasi/                    R   R   403 403 R   404 404 404 404 403 L
GET  /kinerja/periode/                                             200 200 403 403 403 403 403 403 403 200 L
GET  /kinerja/periode/{period}/ekspor.xlsx                         200 200 403 403 403 403 403 403 403 200 L
GET  /kinerja/batch/{batch}/                                       200 200 403 403 403 403 403 403 403 200 L
# --- pages: transfers (mutasi) ------------------------------------------------------------------
GET  /mutasi/                                                      200 200 200 200 200 200 200 200 200 200 L
GET  /mutasi/baru/                                                 403 200 200 200 200 200 200 200 200 200 L
GET  /mutasi/kotak-masuk/                                          200 200 200 200 200 200 200 200 200 200 L
GET  /mutasi/pengecualian/                                         200 200 403 403 403 403 403 403 403 200 L
GET  /mutasi/bukti-merit/                                          200 200 200 200 403 403 403 403 200 200 L
GET  /mutasi/bukti-merit/xlsx/                                     200 200 200 200 403 403 403 403 200 200 L
GET  /mutasi/{transfer_own}/                                       200 200 200 200 200 200 404 200 404 200 L
GET  /mutasi/{transfer_review}/                                    200 200 200 200 200 200 404 404 404 200 L
GET  /mutasi/{transfer_foreign}/                                   200 200 200 200 404 404 404 404 404 200 L
GET  /mutasi/{transfer_max}/                                       404 404 404 404 404 404 404 404 404 404 L
POST /mutasi/{transfer_review}/aksi/approve/                       403 403 403 403 403 R   404 404 404 403 L
POST /mutasi/{transfer_foreign}/aksi/approve/                      403 403 403 403 404 404 404 404 404 403 L
POST /mutasi/{transfer_own}/aksi/withdraw/                         R   R   403 403 403 403 404 R   404 403 L
GET  /mutasi/delegasi/                                             200 200 200 200 200 200 200 403 403 200 L
POST /mutasi/delegasi/{delegation}/akhiri/                         R   R   403 403 404 R   403 404 404 403 L
GET  /mutasi/preferensi/                                           403 200 200 200 200 200 200 200 200 200 L
POST /mutasi/preferensi/                                           403 R   R   R   R   R   R   R   R   R   L
POST /mutasi/preferensi/{preference_own}/hapus/                    403 403 404 404 404 404 404 R   404 404 L
POST /mutasi/preferensi/keadaan/{circumstance_own}/hapus/          403 403 404 404 404 404 404 R   404 404 L
GET  /mutasi/preferensi/keadaan/{circumstance_own}/dokumen/        200 200 404 404 404 404 404 200 404 404 L
GET  /mutasi/preferensi/keadaan/{circumstance_review}/dokumen/     200 200 200 200 200 200 404 404 404 404 L
GET  /mutasi/preferensi/keadaan/{circumstance_foreign}/dokumen/    200 200 200 200 404 404 404 404 404 404 L
GET  /mutasi/preferensi/keadaan/{circumstance_max}/dokumen/        404 404 404 404 404 404 404 404 404 404 L
GET  /mutasi/preferensi/pegawai/{employee_review}/                 200 200 200 200 200 200 404 404 404 404 L
GET  /mutasi/preferensi/pegawai/{employee_foreign}/                200 200 200 200 404 404 404 404 404 404 L
GET  /mutasi/preferensi/pegawai/{employee_max}/                    404 404 404 404 404 404 404 404 404 404 L
GET  /mutasi/evaluasi/                                             200 200 200 200 200 200 200 200 200 200 L
POST /mutasi/evaluasi/{evaluation}/atasan/                         403 403 403 403 R   404 404 404 404 403 L
GET  /mutasi/lampiran/{attachment_own}/                            200 200 200 200 200 200 404 200 404 200 L
GET  /mutasi/lampiran/{attachment_foreign}/                        200 200 200 200 404 404 404 404 404 200 L
GET  /mutasi/lampiran/{attachment_max}/                            404 404 404 404 404 404 404 404 404 404 L
GET  /mutasi/lampiran/{attachment_objection}/                      200 200 200 200 200 200 404 404 404 404 L
POST /mutasi/{transfer_consult}/aksi/consult/                      403 403 403 403 403 403 404 404 404 403 L
POST /mutasi/{transfer_consult}/aksi/consult-override/             R   R   403 403 403 403 404 404 404 403 L
GET  /mutasi/sk/{decree}/pdf/                                      200 200 200 200 200 200 404 404 404 200 L
GET  /mutasi/sk/{decree_max}/pdf/                                  404 404 404 404 404 404 404 404 404 404 L
# --- pages: talent management (talenta) ---------------------------------------------------------
GET  /talenta/                                                     200 200 200 200 200 200 R   R   200 200 L
GET  /talenta/saya/                                                404 200 200 200 200 200 200 200 200 200 L
GET  /talenta/kotak/9/                                             200 200 200 200 200 200 403 403 200 200 L
GET  /talenta/kartu/{talent_entry_own}/                            200 200 200 200 404 200 404 200 200 200 L
GET  /talenta/kartu/{talent_entry_foreign}/                        200 200 200 200 404 404 404 404 200 200 L
GET  /talenta/kartu/{talent_entry_max}/                            404 404 404 404 404 404 404 404 404 404 L
POST /talenta/hitung/                                              R   R   403 403 403 403 403 403 403 403 L
GET  /talenta/pengembangan/                                         200 200 200 200 200 200 403 403 200 200 L
GET  /talenta/pengembangan/xlsx/                                    200 200 200 200 200 200 403 403 200 200 L
GET  /talenta/suksesi/                                             200 200 200 200 403 403 403 403 200 200 L
POST /talenta/suksesi/tandai-bawaan/                               R   R   403 403 403 403 403 403 403 403 L
GET  /talenta/suksesi/{key_post}/                                  200 200 200 200 403 403 403 403 200 200 L
GET  /talenta/suksesi/{key_post_max}/                              404 404 404 404 403 403 403 403 404 404 L
POST /talenta/suksesi/{key_post}/hitung/                           R   R   403 403 403 403 403 403 403 403 L
POST /talenta/suksesi/rencana/{succession_plan}/konfirmasi/        R   R   403 403 403 403 403 403 403 403 L
GET  /mutasi/sk/{decree}/petikan/{petikan_request}/                200 200 404 404 404 404 404 404 404 404 L
GET  /mutasi/sk/{decree_max}/petikan/{petikan_request}/            404 404 404 404 404 404 404 404 404 404 L
GET  /mutasi/sk/tanda-tangan/                                      200 200 200 200 200 200 200 200 200 200 L
POST /mutasi/sk/tanda-tangan/                                      403 403 R   403 403 403 404 404 404 403 L
GET  /mutasi/sk/register/                                          200 200 403 403 403 403 403 403 403 200 L
POST /mutasi/sk/register/                                          R   R   403 403 403 403 403 403 403 403 L
GET  /verifikasi/{verify_token}/                                   200 200 200 200 200 200 200 200 200 200 200
GET  /verifikasi/{verify_token_unknown}/                           404 404 404 404 404 404 404 404 404 404 404
# --- pages: transfer plans (rencana) ------------------------------------------------------------
GET  /rencana/                                                     200 200 200 200 403 403 403 403 403 200 L
GET  /rencana/pelatihan/                                           200 200 200 200 403 403 403 403 403 200 L
GET  /rencana/{plan}/                                              200 200 200 200 403 403 403 403 403 200 L
GET  /rencana/{plan_max}/                                          404 404 404 404 403 403 403 403 403 404 L
POST /rencana/{plan}/hitung-ulang/                                 R   R   403 403 403 403 403 403 403 403 L
POST /rencana/{plan}/terapkan/                                     R   R   403 403 403 403 403 403 403 403 L
POST /rencana/{plan}/butir/{plan_item}/pin/                        R   R   403 403 403 403 403 403 403 403 L"""
# fmt: on


# Request bodies of the writes, keyed by the row's "METHOD path" (placeholders resolved at call time).
# Valid input where the caller may act, so an allowed role gets its 2xx (or the business answer 400/409)
# and a refused one its 403/404; files are made fresh for each request.
def _pdf(name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def bodies(o: Objects) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    return {
        "POST /api/v1/auth/token/": {"username": "pegawai", "password": "demo12345"},
        "POST /api/v1/workload/runs/": {},
        "POST /api/v1/appraisals/": {"period": o["period"], "employee": o["employee_own"]},
        "POST /api/v1/appraisals/{}/result-plans/": {
            "kind": "main",
            "description": "Meningkatkan layanan angkutan umum",
            "indicators": [
                {"aspect": "quantity", "description": "Trayek", "target": "4", "unit_label": "trayek"}
            ],
        },
        "POST /api/v1/appraisals/{}/return/": {"note": "Lengkapi target."},
        "POST /api/v1/appraisals/{}/feedback/": {"note": "Pertahankan."},
        "POST /api/v1/appraisals/{}/rate/": {"results_rating": "sesuai", "behaviour_rating": "sesuai"},
        "POST /api/v1/appraisals/{}/object/": {"reason": "Saya keberatan."},
        "POST /api/v1/indicators/{}/realise/": {"realised": "3"},
        "POST /api/v1/appraisal-periods/": {"region": o["region"], "year": 2031},
        "POST /api/v1/appraisal-periods/{}/batches/": {"agencies": [o["agency_foreign"]]},
        "POST /api/v1/appraisal-periods/{}/finalise/": {"agency": o["agency_foreign"]},
        "POST /api/v1/organisation-performances/": {
            "period": o["period"],
            "agency": o["agency_foreign"],
            "rating": "baik",
        },
        "POST /api/v1/transfers/": {
            "employee": o["employee_own"],
            "destination_position": o["destination"],
            "kind": "between_agencies",
            "reason": "Sesuai pendidikan.",
        },
        "POST /api/v1/transfers/{}/reject/": {"note": "Tidak sesuai kebutuhan."},
        "POST /api/v1/transfers/{}/return/": {"note": "Lengkapi dokumen."},
        "POST /api/v1/transfers/{}/milestones/": {"code": "bkn_review", "number": "X/1/2026", "date": today},
        "POST /api/v1/transfers/{}/attachments/": lambda: {"kind": "other", "file": _pdf()},
        "POST /api/v1/decrees/": {
            "requests": [o["transfer_review"]],
            "date": today,
            "tmt": later,
            "signer": o["signer"],
        },
        "POST /api/v1/delegations/": {
            "position": o["position_kadishub"],
            "delegate": o["user_atasan"],
            "kind": "plh",
            "start": today,
            "end": later,
        },
        "POST /api/v1/plans/": {"region": o["region"]},
        "POST /api/v1/preferences/": {"kind": "wish", "agency": o["agency_foreign"]},
        "POST /api/v1/circumstances/": {"category": "spouse", "description": "Suami bertugas di kota ini."},
        "POST /api/v1/circumstances/{}/document/": lambda: {"file": _pdf("surat-tugas.pdf")},
        "POST /mutasi/preferensi/": {
            "form": "preference",
            "kind": "wish",
            "target": "agency",
            "agency": o["agency_foreign"],
        },
        "POST /api/v1/team-goals/": {
            "period": o["period"],
            "agency": o["agency_dinkes"],
            "title": "Cakupan imunisasi",
            "target": "90",
            "unit_label": "persen",
        },
        "POST /api/v1/team-goals/{}/realise/": {"realised": "45"},
        "POST /kinerja/target-tim/{}/realisasi/": {"realised": "45"},
        "POST /api/v1/transfers/{}/cancel/": {"note": "Dibatalkan oleh BKPSDM."},
        "POST /api/v1/transfers/{}/consultation/": {"answer": "agree"},
        "POST /api/v1/transfers/{}/consultation/override/": {"reason": "Uji matriks."},
        "POST /mutasi/{}/aksi/consult/": {"answer": "agree"},
        "POST /mutasi/{}/aksi/consult-override/": {"reason": "Uji matriks."},
        "POST /api/v1/evaluations/{}/head/": {
            "adaptation": "good",
            "training_needs": "Pelatihan data kesehatan",
        },
        "POST /api/v1/evaluations/{}/employee/": {"view": "Saya sudah beradaptasi."},
        "POST /mutasi/evaluasi/{}/atasan/": {"adaptation": "good"},
        "POST /kinerja/buat/": {},
        "POST /kinerja/skp/{}/umpan-balik/": {"note": "Pertahankan."},
        "POST /mutasi/{}/aksi/approve/": {"note": "Setuju."},
        "POST /api/v1/talenta/succession-plans/{}/confirm/": {
            "main_candidate": o["succession_plan_main"],
            "reason": "Sesuai peringkat sistem.",
        },
        "POST /talenta/suksesi/rencana/{}/konfirmasi/": {
            "main_candidate": o["succession_plan_main"],
            "reason": "Sesuai peringkat sistem.",
        },
        # BSrE is not configured here: the signer gets the reason back on the page, nothing is signed.
        "POST /mutasi/sk/tanda-tangan/": {"decrees": [o["decree"]], "passphrase": "uji-matriks"},
        "POST /api/v1/decrees/sign/": {"decrees": [o["decree"]], "passphrase": "uji-matriks"},
        "POST /api/v1/verification/{}/": lambda: {"file": _pdf("sk.pdf")},
        # Its transfer was executed: HR is told the decree cannot be cancelled any more.
        "POST /mutasi/sk/register/": {"action": "cancel", "decree": o["decree"], "reason": "Uji matriks."},
    }


class Objects(dict):
    """Ids of the demo objects the rows name; `name_max` is the highest id of that table + 1."""


@dataclass
class Demo:
    objects: Objects
    media_root: Path
    tokens: dict[str, str] = field(default_factory=dict)


def _max_plus_one(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def build_objects() -> Objects:
    """Objects outside each role's reach, made with the services the application itself uses."""
    from core.models import User
    from instansi.models import Agency, Employee, Position, Region, Unit
    from kinerja.models import Appraisal, AppraisalBatch, AppraisalPeriod, Indicator, ResultPlan, TeamGoal
    from kinerja.services.batches import appraisal_batch_start
    from kinerja.services.periods import team_goal_create
    from mutasi import services as mutasi_services
    from mutasi.choices import Status
    from mutasi.models import (
        Attachment,
        Circumstance,
        Decree,
        Delegation,
        PlacementPreference,
        PostTransferEvaluation,
        TransferRequest,
    )
    from planning import services as planning_services
    from planning.models import PlanItem, TransferPlan
    from talenta.models import KeyPost, SuccessionPlan, TalentGrid, TalentGridEntry
    from workload.models import WorkloadRun

    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    region = Region.objects.get()
    agencies = {a.short_name: a for a in Agency.objects.all()}
    pegawai = users["pegawai"].employee
    today = timezone.localdate()
    o = Objects(region=region.pk)
    o["agency_dinkes"] = agencies["Dinkes"].pk
    o["agency_dishub"] = agencies["Dishub"].pk
    o["agency_foreign"] = agencies["Disdik"].pk
    o["agency_max"] = _max_plus_one(Agency)
    o["unit"] = Unit.objects.filter(agency=agencies["Disdik"]).order_by("pk").first().pk
    o["unit_max"] = _max_plus_one(Unit)
    o["position"] = Position.objects.filter(agency=agencies["Disdik"]).order_by("pk").first().pk
    o["position_max"] = _max_plus_one(Position)
    o["position_kadishub"] = users["kadishub"].employee.position_id
    o["user_atasan"] = users["atasan"].pk
    o["signer"] = users["walikota"].employee.pk
    foreign_employee = (
        Employee.objects.filter(position__agency=agencies["Disdik"], user__isnull=True, is_active=True)
        .exclude(position__is_head=True)
        .order_by("pk")
        .first()
    )
    o["employee_own"] = pegawai.pk
    o["employee_foreign"] = foreign_employee.pk
    o["employee_max"] = _max_plus_one(Employee)
    o["run"] = WorkloadRun.objects.filter(status="finished").latest("pk").pk
    o["run_max"] = _max_plus_one(WorkloadRun)

    # A computed transfer plan with at least one item (before the requests below take its candidates).
    plan = planning_services.plan_build(actor=users["bkpsdm"], region=region)
    planning_services.plan_compute(plan_id=plan.pk)
    o["plan"], o["plan_max"] = plan.pk, _max_plus_one(TransferPlan)
    o["plan_item"] = PlanItem.objects.filter(plan=plan).order_by("pk").first().pk
    o["plan_item_max"] = _max_plus_one(PlanItem)

    # Transfers: pegawai's own draft (with a document), a demo request waiting for the head of Dishub,
    # and one between two agencies no persona works in, created and submitted by BKPSDM.
    destination = (
        Position.objects.filter(agency=agencies["Dinkes"], is_head=False, required_staff__gte=2)
        .order_by("pk")
        .first()
    )
    o["destination"] = destination.pk
    own = mutasi_services.transfer_create(
        actor=users["pegawai"],
        employee=pegawai,
        destination_position=destination,
        kind="between_agencies",
        reason="Ingin mengabdi di bidang kesehatan.",
    )
    own_attachment = mutasi_services.attachment_upload(
        request_id=own.pk, actor=users["pegawai"], kind="request_letter", uploaded_file=_pdf("surat.pdf")
    )
    o["transfer_own"], o["attachment_own"] = own.pk, own_attachment.pk
    o["transfer_review"] = (
        TransferRequest.objects.filter(
            status=Status.IN_REVIEW, current_stage="origin_head", origin_agency=agencies["Dishub"]
        )
        .order_by("pk")
        .first()
        .pk
    )
    foreign = mutasi_services.transfer_create(
        actor=users["bkpsdm"],
        employee=foreign_employee,
        # A pelaksana post: no performance-team stage, so no persona has a step in this request.
        destination_position=Position.objects.filter(agency=agencies["Dinsos"], kind="pelaksana")
        .order_by("pk")
        .first(),
        kind="between_agencies",
        reason="Penataan pegawai antar-OPD.",
    )
    foreign_attachment = mutasi_services.attachment_upload(
        request_id=foreign.pk, actor=users["bkpsdm"], kind="request_letter", uploaded_file=_pdf("surat.pdf")
    )
    mutasi_services.transfer_submit(
        request_id=foreign.pk, actor=users["bkpsdm"], override_reason="Uji matriks akses."
    )
    o["transfer_foreign"], o["attachment_foreign"] = foreign.pk, foreign_attachment.pk
    # Issue 21: BKPSDM proposes a move of a Dishub employee (given an account here, not a role of the
    # table; submitted over the failed rules of the small demo, as `foreign` above); they object with a
    # document, so the request waits at origin_head with the objection.
    consulted = (
        Employee.objects.filter(
            position__agency=agencies["Dishub"], user__isnull=True, is_active=True, position__is_head=False
        )
        .exclude(transfer_requests__status__in=["draft", "in_review", "returned", "approved", "decreed"])
        .select_related("position__agency")
        .order_by("pk")
        .first()
    )
    consulted.user = User.objects.create_user("dikonsultasi", password="demo12345")
    consulted.save(update_fields=["user"])
    consult = mutasi_services.transfer_create(
        actor=users["bkpsdm"],
        employee=consulted,
        destination_position=destination,
        kind="between_agencies",
        reason="Penataan pegawai sesuai ABK.",
    )
    mutasi_services.transfer_submit(
        request_id=consult.pk, actor=users["bkpsdm"], override_reason="Uji matriks akses."
    )
    mutasi_services.consultation_answer(
        request_id=consult.pk,
        actor=consulted.user,
        answer="object",
        category="education",
        reasons="Sedang kuliah malam di dekat kantor sekarang.",
        documents=[_pdf("jadwal-kuliah.pdf")],
    )
    o["transfer_consult"] = consult.pk
    o["attachment_objection"] = Attachment.objects.get(request=consult, kind="objection").pk
    o["transfer_max"] = _max_plus_one(TransferRequest)
    o["attachment_max"] = _max_plus_one(Attachment)

    # A decree (with its PDF) for the demo request that only waits for the Walikota.
    last = (
        TransferRequest.objects.filter(status=Status.IN_REVIEW, current_stage="regional_head")
        .order_by("pk")
        .first()
    )
    mutasi_services.transfer_approve(request_id=last.pk, actor=users["walikota"])
    decree = mutasi_services.decree_issue(
        actor=users["bkpsdm"],
        request_ids=[last.pk],
        date=today,
        tmt=today + dt.timedelta(days=30),
        signer=users["walikota"].employee,
    )
    mutasi_services.decree_generate_pdf(decree_id=decree.pk)
    o["decree"] = decree.pk
    o["petikan_request"] = last.pk  # a demo employee's petikan: HR and that employee only
    o["verify_token"] = decree.verify_token
    o["verify_token_unknown"] = "x" * 43
    # A draft (konsep, no number) of the demo request waiting for the Sekda, approved to the end: HR
    # issues or discards it.
    approved = (
        TransferRequest.objects.filter(status=Status.IN_REVIEW, current_stage="secretary")
        .order_by("pk")
        .first()
    )
    # Its destination is the decreed request's: one more place there (the post's need), so the last
    # approval passes its capacity check.
    Position.objects.filter(pk=approved.destination_position_id).update(
        required_staff=F("required_staff") + 1
    )
    for approver in ("sekda", "walikota"):
        mutasi_services.transfer_approve(request_id=approved.pk, actor=users[approver])
    o["decree_draft"] = mutasi_services.decree_draft_create(
        actor=users["bkpsdm"],
        request_ids=[approved.pk],
        date=today,
        tmt=today + dt.timedelta(days=30),
        signer=users["walikota"].employee,
    ).pk
    o["decree_max"] = _max_plus_one(Decree)

    # ... executed on its TMT, which schedules the post-transfer evaluations (the new head rates them).
    mutasi_services.transfer_execute(request_id=last.pk, today=decree.tmt)
    o["evaluation"] = PostTransferEvaluation.objects.filter(request=last).order_by("pk").first().pk
    o["evaluation_max"] = _max_plus_one(PostTransferEvaluation)
    # A Plh of the head of Dishub for next month (not active today, so it grants no rights in this table).
    delegation = mutasi_services.delegation_create(
        actor=users["bkpsdm"],
        position=users["kadishub"].employee.position,
        delegate=users["atasan"],
        start=today + dt.timedelta(days=40),
        end=today + dt.timedelta(days=50),
        reason="Cuti tahunan.",
    )
    o["delegation"], o["delegation_max"] = delegation.pk, _max_plus_one(Delegation)

    # Standing preferences and circumstances (issue 21): pegawai's own (with a document), the employee of
    # the request waiting for the head of Dishub (its deciders read them), and a Disdik employee's (HR only).
    own_pref = mutasi_services.preference_add(
        actor=users["pegawai"], kind="wish", agency_id=o["agency_dinkes"]
    )
    o["preference_own"], o["preference_max"] = own_pref.pk, _max_plus_one(PlacementPreference)
    own_circ = mutasi_services.circumstance_add(
        actor=users["pegawai"], category="health", description="Kontrol rutin.", document=_pdf("surat.pdf")
    )
    o["circumstance_own"] = own_circ.pk
    review_employee = TransferRequest.objects.get(pk=o["transfer_review"]).employee
    o["employee_review"] = review_employee.pk
    for key, employee in (
        ("circumstance_review", review_employee),
        ("circumstance_foreign", foreign_employee),
    ):
        row = Circumstance(employee=employee, category="family", description="Orang tua sakit.")
        row.document.save("surat.pdf", ContentFile(PDF_BYTES), save=False)
        row.document_name, row.document_type = "surat.pdf", "application/pdf"
        row.save()
        o[key] = row.pk
    o["circumstance_max"] = _max_plus_one(Circumstance)

    # Appraisals: pegawai's SKP of this year (appraised by atasan) and kadishub's (appraised by Sekda).
    period = AppraisalPeriod.objects.filter(region=region, is_open=True).latest("year")
    o["period"] = period.pk
    own_skp = Appraisal.objects.get(period=period, employee=pegawai)
    foreign_skp = Appraisal.objects.get(period=period, employee=users["kadishub"].employee)
    o["appraisal_own"], o["appraisal_foreign"] = own_skp.pk, foreign_skp.pk
    o["appraisal_max"] = _max_plus_one(Appraisal)
    o["result_plan_own"] = ResultPlan.objects.filter(appraisal=own_skp).order_by("pk").first().pk
    o["result_plan_foreign"] = ResultPlan.objects.filter(appraisal=foreign_skp).order_by("pk").first().pk
    o["indicator_own"] = Indicator.objects.filter(result_plan__appraisal=own_skp).order_by("pk").first().pk
    o["indicator_max"] = _max_plus_one(Indicator)
    o["indicator_foreign"] = (
        Indicator.objects.filter(result_plan__appraisal=foreign_skp).order_by("pk").first().pk
    )
    goal = team_goal_create(
        period=period,
        agency=agencies["Dinkes"],
        actor=users["kadinkes"],
        title="Cakupan imunisasi dasar",
        target=Decimal("95"),
        unit_label="persen",
    )
    o["team_goal"], o["team_goal_max"] = goal.pk, _max_plus_one(TeamGoal)
    batch = appraisal_batch_start(period=period, agencies=[agencies["Disdik"]], actor=users["bkpsdm"])
    o["batch"], o["batch_max"] = batch.pk, _max_plus_one(AppraisalBatch)

    # Talent management: the demo's grid, pegawai's entry and a Disdik employee's, a Dinkes key post with
    # its succession plan (talenta.demo).
    grid = TalentGrid.objects.filter(region=region, status="finished").latest("pk")
    o["talent_grid"], o["talent_grid_max"] = grid.pk, _max_plus_one(TalentGrid)
    o["talent_entry_own"] = TalentGridEntry.objects.get(grid=grid, employee=pegawai).pk
    o["talent_entry_foreign"] = TalentGridEntry.objects.get(grid=grid, employee=foreign_employee).pk
    o["talent_entry_max"] = _max_plus_one(TalentGridEntry)
    plan = (
        SuccessionPlan.objects.filter(key_post__position__agency=agencies["Dinkes"], candidates__role="main")
        .order_by("pk")
        .first()
    )
    o["key_post"], o["key_post_max"] = plan.key_post_id, _max_plus_one(KeyPost)
    o["succession_plan"], o["succession_plan_max"] = plan.pk, _max_plus_one(SuccessionPlan)
    o["succession_plan_main"] = plan.candidates.get(role="main").employee_id

    return o


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo region plus the matrix objects, seeded once for the module and rolled back after it."""
    from rest_framework.authtoken.models import Token

    from core.models import User

    media_root = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("seed_demo", employees=DEMO_EMPLOYEES, stdout=io.StringIO())
        objects = build_objects()
        tokens = {
            u.username: Token.objects.get_or_create(user=u)[0].key
            for u in User.objects.filter(username__in=ROLES)
        }
        yield Demo(objects=objects, media_root=media_root, tokens=tokens)
        transaction.set_rollback(True)


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    method: str
    template: str
    expected: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def is_api(self) -> bool:
        return self.template.startswith("/api/")

    def path(self, o: Objects) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(o[m.group(1)]), self.template)

    @property
    def body_key(self) -> str:
        return self.method + " " + re.sub(r"\{\w+\}", "{}", self.template)


def parse_matrix(text: str = MATRIX) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        method, template, *cells = line.split()
        assert len(cells) == len(COLUMNS), f"{method} {template}: {len(cells)} cells, want {len(COLUMNS)}"
        rows.append(Row(method, template, tuple(cells)))
    labels = [r.label for r in rows]
    assert len(labels) == len(set(labels)), "a row appears twice in MATRIX"
    return rows


ROWS = parse_matrix()


def _route_key(method: str, path: str) -> tuple[str, str]:
    """(METHOD, route with every parameter as {}) for a concrete path, through the URL resolver."""
    route = resolve(path.split("?")[0]).route
    return method, "/" + re.sub(r"<[^>]+>", "{}", route)


def _normalise(path: str) -> str:
    return re.sub(r"\{[^}]+\}|<[^>]+>", "{}", path.split("?")[0])


class Clients:
    """One client per column: API rows with the role's token (as other systems call), pages with a session."""

    def __init__(self, demo: Demo):
        from rest_framework.test import APIClient

        from core.models import User

        self.api: dict[str, APIClient] = {}
        self.page: dict[str, Client] = {}
        users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
        for column in COLUMNS:
            # A server error is a cell like any other (500), so one run lists every differing cell.
            api = APIClient(raise_request_exception=False)
            page = Client(raise_request_exception=False)
            if column != "anon":
                api.credentials(HTTP_AUTHORIZATION=f"Token {demo.tokens[column]}")
                page.force_login(users[column])
            self.api[column], self.page[column] = api, page


def observe(response) -> str:
    if response.status_code in (301, 302):
        return "L" if response["Location"].startswith(("/masuk/", "/admin/login/")) else "R"
    return str(response.status_code)


def ask(clients: Clients, row: Row, column: str, o: Objects, body_specs: dict) -> tuple[str, int, int]:
    """One cell: the observed answer and the audit row count before and after, inside a rolled-back savepoint."""
    from core.models import AuditEvent

    path = row.path(o)
    spec = body_specs.get(row.body_key)
    data = spec() if callable(spec) else spec
    with transaction.atomic():
        before = AuditEvent.objects.count()
        if row.is_api:
            client = clients.api[column]
            multipart = isinstance(data, dict) and any(
                isinstance(v, SimpleUploadedFile) for v in data.values()
            )
            kwargs = {"format": "multipart" if multipart else "json"} if data is not None else {}
            response = (
                getattr(client, row.method.lower())(path, data, **kwargs)
                if data is not None
                else getattr(client, row.method.lower())(path)
            )
        else:
            response = getattr(clients.page[column], row.method.lower())(path, data or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        after = AuditEvent.objects.count()
        transaction.set_rollback(True)
    return observe(response), before, after


# --- tests ----------------------------------------------------------------------------------------


def test_every_operation_of_the_openapi_schema_has_a_row_in_the_matrix(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operations = {
        (method.upper(), _normalise(path))
        for path, ops in schema["paths"].items()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    }
    covered = {(r.method, _normalise(r.template)) for r in ROWS if r.is_api}
    missing = sorted(operations - covered)
    assert not missing, "API operations without a row in MATRIX:\n" + "\n".join(
        f"{m} {p}" for m, p in missing
    )
    stale = sorted(covered - operations - {("GET", "/api/schema/"), ("GET", "/api/docs/")})
    assert not stale, "MATRIX rows for operations the schema no longer has:\n" + "\n".join(
        f"{m} {p}" for m, p in stale
    )


def test_every_page_route_has_a_row_in_the_matrix(demo, db):
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    routes = {
        "/" + re.sub(r"<[^>]+>", "{}", r)
        for r in walk(get_resolver().url_patterns)
        if not r.startswith(("api/", "admin/")) or r == "admin/"
    }
    covered = {_route_key(r.method, r.path(demo.objects))[1] for r in ROWS if not r.is_api}
    missing = sorted(routes - covered)
    assert not missing, "pages without a row in MATRIX:\n" + "\n".join(missing)


def test_every_role_gets_exactly_the_answer_the_matrix_gives_for_every_endpoint_and_page(demo, db, settings):
    settings.MEDIA_ROOT = demo.media_root  # the attachments and the decree PDF of `build_objects`
    settings.VERIFY_RATE = "1000/m"  # the verification page and API rows ask 55 times from one address
    clients = Clients(demo)
    body_specs = bodies(demo.objects)
    differing, changed, observed = [], [], []
    for row in ROWS:
        cells = []
        for column, expected in zip(COLUMNS, row.expected, strict=True):
            got, before, after = ask(clients, row, column, demo.objects, body_specs)
            cells.append(got)
            if got != expected:
                differing.append(f"{row.label:58} {column:9} expected {expected:>3}, got {got}")
            refused = got == "L" or got.startswith("4")
            if refused and row.method != "GET" and after != before:
                changed.append(
                    f"{row.label:58} {column:9} refused ({got}) but wrote {after - before} audit row(s)"
                )
        observed.append(f"{row.method:4} {row.template:57} " + " ".join(f"{c:3}" for c in cells))
    if dump := os.environ.get("ACCESS_MATRIX_DUMP"):  # to review a new row: the observed table, same layout
        Path(dump).write_text("\n".join(observed) + "\n")
    assert not differing and not changed, (
        f"{len(differing)} cell(s) differ from MATRIX, {len(changed)} refused write(s) changed data:\n"
        + "\n".join(differing + changed)
    )


def test_guessed_ids_are_refused_to_every_role_in_the_matrix():
    """The *_max rows are ids beyond the last object: a guessed id must tell nothing but "not found" or
    "not for you" (a role refused the whole endpoint gets its 403 before any lookup)."""
    guessed = [r for r in ROWS if "_max}" in r.template]
    assert len(guessed) >= 15
    leaks = [
        f"{r.label} {c}={cell}"
        for r in guessed
        for c, cell in zip(COLUMNS, r.expected)
        if cell not in {"404", "403", "401", "L"}
    ]
    assert not leaks, leaks


# --- who sees an employee's NIP and other private fields (issue 19, finding 9) -------------------------
# F: the whole record (NIP, birth date ...); P: name and post only, the NIP masked, a search by NIP finds
# nothing. The rule is core.access.can_see_private (instansi.permissions): the employee, HR (admin counts
# as HR), the auditor, Sekda, the regional head, the head of the employee's agency, the direct supervisor.
# Columns: admin bkpsdm walikota sekda kadinkes kadishub atasan pegawai tpk auditor
PRIVACY = """
employee_own        F F F F P F F F P F
employee_colleague  F F F F P F P P P F
employee_foreign    F F F F P P P P P F
"""


def test_an_employee_sees_a_colleagues_name_and_post_but_not_their_nip_or_birth_date(demo, db):
    from rest_framework.test import APIClient

    from instansi.models import Employee

    pegawai = Employee.objects.get(pk=demo.objects["employee_own"])
    colleague = (
        Employee.objects.filter(position__agency=pegawai.position.agency, is_active=True)
        .exclude(pk=pegawai.pk)
        .exclude(position__is_head=True)
        .exclude(position__superior=pegawai.position)
        .exclude(position__superior=pegawai.position.superior)
        .order_by("pk")
        .first()
    )
    ids = {**demo.objects, "employee_colleague": colleague.pk}
    differing = []
    for line in PRIVACY.strip().splitlines():
        name, *cells = line.split()
        employee = Employee.objects.select_related("position").get(pk=ids[name])
        for role, expected in zip(ROLES, cells, strict=True):
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {demo.tokens[role]}")
            detail = client.get(f"/api/v1/employees/{employee.pk}/").json()
            [row] = [
                r
                for r in client.get("/api/v1/employees/", {"name": employee.name, "page_size": 200}).json()[
                    "results"
                ]
                if r["id"] == employee.pk
            ]
            found = client.get("/api/v1/employees/", {"nip": employee.nip}).json()["count"]
            got = {
                "detail": "F" if detail.get("nip") == employee.nip and "birth_date" in detail else "P",
                "list": "F" if row["nip"] == employee.nip else "P",
                "search by NIP": "F" if found == 1 else "P",
            }
            # what every signed-in colleague sees: the name and the post
            assert (detail["name"], detail["position_title"]) == (employee.name, employee.position.title)
            assert row["name"] == employee.name and row["position_title"] == employee.position.title
            if expected == "P":
                assert employee.nip[:8] not in str(detail) and "birth_date" not in detail
                assert detail["nip"].startswith("*" * 15) and row["nip_display"].startswith("********")
            for where, cell in got.items():
                if cell != expected:
                    differing.append(f"{name:20} {role:9} {where:14} expected {expected}, got {cell}")
    assert not differing, "\n".join(differing)
