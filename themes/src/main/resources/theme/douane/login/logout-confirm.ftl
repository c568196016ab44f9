<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("logoutConfirmTitle")}
    <#elseif section = "form">
        <div id="kc-logout-confirm">
            <p>${msg("logoutConfirmHeader")}</p>
            <form action="${url.logoutConfirmAction}" method="post">
                <input type="hidden" name="session_code" value="${logoutConfirm.code}">
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><button class="fr-btn" type="submit" name="confirmLogout" id="kc-logout" value="${msg("doLogout")}">${msg("doLogout")}</button></li>
                    <#if !logoutConfirm.skipLink && client?? && client.baseUrl?has_content>
                        <li><a class="fr-btn fr-btn--secondary" href="${client.baseUrl}">${msg("backToApplication")}</a></li>
                    </#if>
                </ul>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
